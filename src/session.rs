//! The session every page and service works in: the client of the instance that serves the app,
//! the logged-in user, and the source server's clock. Made once when the app starts
//! ([`Session::start`]) and provided as context; services take it as a value instead of
//! reaching into the root view.

use dhis2_api::browser::FetchTransport;
use dhis2_api::model::CurrentUser;
use sync_core::date::Date;
use sync_core::model::{ServerClock, ServerTime};

use crate::environment::{Client, discover_base_url};

/// What every page can take from context once the app has started.
#[derive(Clone, Debug)]
pub struct Session {
    /// Client for the instance that serves the app.
    pub client: Client,
    /// The logged-in user.
    pub user: CurrentUser,
    /// The instance's clock (its `serverDate` when the app started, advanced by the time since).
    pub clock: ServerClock,
    /// The instance's `systemId`, to refuse a destination that is this instance again under
    /// another URL (`None` when the server gives none).
    pub system_id: Option<String>,
}

impl Session {
    /// Finds the instance, then reads the current user and the server's time.
    pub async fn start() -> Result<Session, String> {
        let (base_url, _source) = discover_base_url().await?;
        let client = Client::new(FetchTransport, base_url);
        // Both at once: on a slow link each request costs a round trip before the first page.
        let (user, info) = futures::join!(client.current_user(), client.system_info());
        let user = user.map_err(|error| error.to_string())?;
        let info = info.map_err(|error| error.to_string())?;
        let clock = server_clock(info.server_date.as_deref())?;
        Ok(Session {
            client,
            user,
            clock,
            system_id: info.system_id,
        })
    }

    /// The source server's time now.
    pub fn now(&self) -> ServerTime {
        self.clock.now(js_sys::Date::now())
    }

    /// Whether the user may add, edit and delete destinations: `ALL` or the app's
    /// `F_AGGREGATE_SYNC_MANAGE_DESTINATIONS`. Only what the page offers: the dataStore is
    /// writable by every user of the app, and the routes (DHIS2 metadata with their own sharing
    /// and authorities) are what DHIS2 enforces.
    pub fn may_manage_destinations(&self) -> bool {
        crate::destinations::may_manage_destinations(&self.user)
    }

    /// The source server's day now: "today" for validation, relative periods and runs.
    pub fn today(&self) -> Date {
        self.now().date()
    }
}

/// The clock from a `serverDate` read now. DHIS2 always sends it (reference §2.3); a server that
/// does not is refused rather than silently replaced by the browser's calendar.
pub fn server_clock(server_date: Option<&str>) -> Result<ServerClock, String> {
    let read: ServerTime = server_date
        .ok_or("the instance did not say its date (/api/system/info has no serverDate)")?
        .parse()
        .map_err(|error| format!("the instance's date is unreadable: {error}"))?;
    Ok(ServerClock::new(read, js_sys::Date::now()))
}
