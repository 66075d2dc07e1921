//! Cancelling a run: a token the caller keeps (the Run page's Cancel button, the command line's
//! SIGINT handler) and the engine watches. Requests in flight race against
//! [`CancelToken::cancelled`] and are dropped when it fires, which aborts them.
//!
//! Single-threaded by design (`Rc`): the browser has one thread, and the command line runs the
//! engine on a current-thread runtime.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

#[derive(Debug, Default)]
struct State {
    cancelled: bool,
    wakers: Vec<Waker>,
}

/// Shared cancellation flag; clones share it.
#[derive(Clone, Debug, Default)]
pub struct CancelToken {
    state: Rc<RefCell<State>>,
}

impl CancelToken {
    /// A token that has not fired.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// Asks every run watching this token to stop.
    pub fn cancel(&self) {
        let wakers = {
            let mut state = self.state.borrow_mut();
            state.cancelled = true;
            std::mem::take(&mut state.wakers)
        };
        for waker in wakers {
            waker.wake();
        }
    }

    /// True once [`CancelToken::cancel`] was called.
    pub fn is_cancelled(&self) -> bool {
        self.state.borrow().cancelled
    }

    /// Resolves when the token fires.
    pub fn cancelled(&self) -> Cancelled {
        Cancelled {
            state: self.state.clone(),
        }
    }
}

/// The future of [`CancelToken::cancelled`].
#[derive(Debug)]
pub struct Cancelled {
    state: Rc<RefCell<State>>,
}

impl Future for Cancelled {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.borrow_mut();
        if state.cancelled {
            Poll::Ready(())
        } else {
            if !state.wakers.iter().any(|w| w.will_wake(context.waker())) {
                state.wakers.push(context.waker().clone());
            }
            Poll::Pending
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_waiting_future_wakes_when_the_token_fires() {
        let token = CancelToken::new();
        let waiting = token.cancelled();
        let firing = {
            let token = token.clone();
            async move {
                tokio::task::yield_now().await;
                token.cancel();
            }
        };
        futures::join!(waiting, firing);
        assert!(token.is_cancelled());
    }
}
