//! Aggregate Sync, the web app: a Leptos client-side rendered single-page app.
