//! The accept loop: HTTP/1 connections served by hyper over the router, with graceful shutdown
//! as `axum::serve` does it (stop accepting, let in-flight requests finish, close idle
//! connections, wait for every connection to end).
//!
//! It exists instead of `axum::serve` for one reason: a response marked
//! [`DropConnection`](crate::api::fault_layer::DropConnection) by fault injection becomes a
//! service error, on which hyper closes the connection without answering — something an
//! infallible axum service cannot express. It must not look at requests or decide anything else.

use std::convert::Infallible;
use std::future::Future;

use axum::body::Body;
use axum::extract::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::ServiceExt;

use crate::api::NormalisedRouter;
use crate::api::fault_layer::drops_connection;

/// The service error that makes hyper close a connection without a response.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by fault injection")]
struct ConnectionDropped;

/// Serves `router` on `listener` until `shutdown` resolves, then shuts down gracefully.
pub async fn serve(
    listener: TcpListener,
    router: NormalisedRouter,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    let mut listener = listener;
    // Connections watch `signal` for the shutdown and hold `close_receiver` while they live.
    let (signal_sender, signal_receiver) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(signal_receiver);
    });
    let (close_sender, close_receiver) = watch::channel(());
    loop {
        let (stream, _) = tokio::select! {
            accepted = axum::serve::Listener::accept(&mut listener) => accepted,
            () = signal_sender.closed() => break,
        };
        let router = router.clone();
        let signal_sender = signal_sender.clone();
        let close_receiver = close_receiver.clone();
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                let router = router.clone();
                async move {
                    let response = router
                        .oneshot(request.map(Body::new))
                        .await
                        .unwrap_or_else(|never: Infallible| match never {});
                    if drops_connection(&response) {
                        Err(ConnectionDropped)
                    } else {
                        Ok(response)
                    }
                }
            });
            let builder = Builder::new(TokioExecutor::new());
            let mut connection = std::pin::pin!(
                builder.serve_connection_with_upgrades(TokioIo::new(stream), service)
            );
            // A failed connection (a dropped one included) has nothing left to do, so the
            // connection's result is not looked at.
            tokio::select! {
                _ = connection.as_mut() => {}
                () = signal_sender.closed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.as_mut().await;
                }
            }
            drop(close_receiver);
        });
    }
    drop(close_receiver);
    drop(listener);
    close_sender.closed().await;
}
