# Aggregate Sync: English messages (the fallback for every other language).
# One message per user-visible text; keys are used in the code as t!("key").
# Variables: { $name }. Plurals: { $count -> [one] … *[other] … }.

## App shell

app-loading = Loading…
app-could-not-start = Aggregate Sync could not start
app-page-not-found = Page not found
app-no-page-at = No page at { $path }

app-name = Aggregate Sync

## Common words

common-name = Name
common-cancel = Cancel
common-continue = Continue

## Navigation

nav-main = Main
nav-data = Data
nav-rules = Rules
nav-history = History
nav-destinations = Destinations
nav-settings = Settings

pagination-label = Pagination
pagination-summary = Page { $page } of { $pages }, { $total ->
    [one] { $total } item
   *[other] { $total } items
}
pagination-previous = Previous
pagination-next = Next

access-denied-title = You do not have access to Aggregate Sync
access-denied-message = Rules, sync history and settings are only available to users with the "Aggregate Sync" app authority (M_aggregatesync). Ask your DHIS2 administrator to add it to one of your user roles.

conflict-title = This was changed while you were editing it
conflict-overwrite = Overwrite their changes
conflict-reload = Load their version (discard mine)

secret-enter-token = Enter the token.
secret-enter-password = Enter the user name and the password.
secret-token-prompt = Personal access token for { $destination }
secret-password-prompt = User name and password for { $destination }
secret-token = Token
secret-user-name = User name
secret-password = Password
secret-kept-in-tab = It is kept only while this browser tab is open and is never saved.

## Organisation unit tree

tree-open = Open
tree-close = Close
tree-find-by-name = Find an organisation unit by name
tree-searching = Searching…
tree-no-match = No organisation unit has this name.
tree-matches-shown = { $shown } of { $total } { $total ->
    [one] match
   *[other] matches
} shown: arrow keys to move, Enter to select.
tree-search-failed = Could not search: { $message }
tree-matching-units = Matching organisation units
tree-show-more = Show more matches

## Data selection

data-loading-data-sets = Loading data sets…
data-loading-data-elements = Loading data elements…
data-loading-groups = Loading data element groups…
data-selected-column = Selected
data-period-type = Period type
data-last-updated = Last updated
data-data-elements = Data elements
data-no-data-sets-match = No data sets match.
data-no-data-elements-match = No data elements match.
data-no-groups-match = No data element groups match.
data-could-not-load-data-sets = Could not load data sets
data-could-not-load-data-elements = Could not load data elements
data-could-not-load-groups = Could not load data element groups
data-could-not-load-elements = Could not load the data elements
data-could-not-load-selection = Could not load the selection
data-select-item = Select { $name }
data-hide-elements = Hide data elements
data-show-elements = Show data elements
data-set-has-no-elements = This data set has no data elements.
data-value-and-aggregation-type = Value and aggregation type
data-type-data-sets = Data sets
data-type-data-elements = Data elements
data-type-groups = Data element groups
data-metadata-type = Metadata type
data-filter-by-name = Filter by name
data-last-updated-since = Last updated since
data-only-selected = Only selected
data-nothing-selected-reason = Select a data set, data element or data element group to sync.
data-clear-selection = Clear selection
data-sync = Sync
data-nothing-selected = Nothing selected
data-count-data-sets = { $count ->
    [one] { $count } data set
   *[other] { $count } data sets
}
data-count-with-excluded = { $part } ({ $count ->
    [one] { $count } data element
   *[other] { $count } data elements
} excluded)
data-count-data-elements = { $count ->
    [one] { $count } data element
   *[other] { $count } data elements
}
data-count-groups = { $count ->
    [one] { $count } data element group
   *[other] { $count } data element groups
}
data-selected-summary = { $parts } selected

## Wizard

wizard-title = Synchronize data
wizard-nothing-selected = Nothing is selected to synchronize
wizard-choose-data-first = Choose the data sets, data elements or data element groups to send first.
wizard-go-to-data = Go to the data selection
wizard-back = Back
wizard-next = Next

step-data = Data
step-org-units = Organisation units
step-period = Period
step-category-options = Category options
step-aggregation = Aggregation
step-instance = Instance
step-summary = Summary

problems-fix-to-continue = Fix these problems to continue
problems-please-check = Please check
problems-go-to-step = Go to { $step }

org-units-aggregating-note = Aggregation is on: each selected organisation unit receives the aggregate of its own and all its children's values.
org-units-not-aggregating-note = A parent organisation unit does not include its children: only the values entered for the selected units themselves are sent. Turn on aggregation (step 4) to send each selected unit the total of its whole subtree.
org-units-loading = Loading organisation units…
org-units-chosen = { $name } is selected and shown in the tree.
org-units-count = { $count ->
    [one] { $count } organisation unit selected
   *[other] { $count } organisation units selected
}
org-units-could-not-load = Could not load organisation units
org-units-level = Level
org-units-choose-level = Choose a level
org-units-select-level = Select level
org-units-deselect-level = Deselect level
org-units-group = Group
org-units-choose-group = Choose a group
org-units-select-group = Select group
org-units-deselect-group = Deselect group
org-units-could-not-load-levels = Could not load levels and groups
org-units-select-all = Select all
org-units-clear = Clear
org-units-could-not-select = Could not select organisation units

period-which = Which periods to send
period-relative = Predefined period
period-fixed = Fixed start and end dates
period-incremental = Since last successful sync (saved rules)
period-incremental-help = Sends every value added, changed or deleted at the source since the rule's last successful sync (DHIS2's lastUpdated, the source server's time), whatever its period: edits to old periods are sent again, deletions as deletions.
period-watermark = Last successful sync: { $at } (source server time)
period-not-synced-yet = Not synced yet: the first run sends the values changed since the date below, or all of them.
period-initial-since = First run: changes since (optional)
period-choose = Choose a period
period-start-date = Start date
period-end-date = End date
period-from-to = From { $start } to { $end }
period-resolved-periods = { " " }({ $count ->
    [one] { $count } period
   *[other] { $count } periods
}: { $periods })

category-options-help = Attribute category options (such as funding mechanisms) split the values of a data set. Send the values of every option, or only those of the options you choose.
category-options-which = Which attribute category options to send
category-options-all = All attribute category options
category-options-choose = Choose category options
category-options-loading = Loading category options…
category-options-none = The selected data sets have no attribute category combination: there is nothing to choose, every value is sent.
category-options-could-not-load = Could not load category options

common-yes = Yes
common-no = No

period-type-daily = Daily
period-type-weekly = Weekly
period-type-monthly = Monthly
period-type-quarterly = Quarterly
period-type-six-monthly = Six-monthly
period-type-yearly = Yearly
period-type-financial-april = Financial year starting April
period-type-financial-july = Financial year starting July
period-type-financial-september = Financial year starting September
period-type-financial-october = Financial year starting October
period-type-financial-november = Financial year starting November

aggregation-toggle = Aggregate the values before sending
aggregation-off-note = Aggregation is off: the values are sent as they are, for the selected organisation units only.
aggregation-period-type = Period type to aggregate to
aggregation-choose-period-type = Choose a period type
aggregation-explanation = Each selected organisation unit receives the aggregate of its own values and the values of all its children, for each period of the chosen type. Each data element is aggregated as DHIS2 analytics does it, following its aggregation type: sums are added up, averages averaged, "last value" types take the latest value, and so on. The aggregation runs in your browser.
aggregation-checking = Checking the data elements…
aggregation-all-aggregatable = All { $total } selected data elements can be aggregated.
aggregation-not-aggregatable = { $count } of { $total } selected data elements cannot be aggregated
aggregation-not-aggregatable-note = Their values are not sent when aggregating; the report lists them as not aggregated.
aggregation-could-not-load = Could not load the selected data elements
aggregation-shorter-than-data = The data is collected over longer periods

strategy-create-and-update = New and updates
strategy-create = New
strategy-update = Updates

instance-heading = Destination instance
instance-where = Where the data is sent.
instance-manage-destinations = Manage destinations
instance-loading = Loading destinations…
instance-destination = Destination
instance-unreadable = Some stored destinations could not be read
instance-could-not-load = Could not load destinations
instance-advanced = Advanced options
instance-dry-run = Dry run: the destination checks the data without saving it
instance-import-strategy = Import strategy
instance-send-deletions = Send deletions made at the source

destination-current-instance = the instance this app runs in
destination-through-route = { $url } (through a route)
destination-direct = { $url } (direct)

summary-unknown-destination = unknown destination { $id }
summary-preparing = Preparing the summary…
summary-could-not-prepare = Could not prepare the summary
summary-synchronize = Synchronize now
summary-none-chosen = None chosen
summary-fixed-dates = Fixed dates
summary-since-last-sync = Changes since the last successful sync
summary-period-dates = { $name }: { $start } to { $end }
summary-all = All
summary-chosen = { $count } chosen
summary-aggregation-on = { $period_type }, each selected unit with all its children
summary-aggregation-off = Off: values are sent as they are
summary-and-more = { " " }and { $count } more
summary-data-sets = Data sets
summary-none = None
summary-data-elements = Data elements
summary-dry-run = Dry run
summary-send-deletions = Send deletions
summary-read-requests = Read requests

save-rule-title = Save as rule
save-rule-help = A rule keeps these choices under a name so it can be run again, by hand or on a schedule.
save-rule-name = Name (required)
save-rule-code = Code
save-rule-description = Description
save-rule-saved = The rule is saved.
save-rule-see-rules = See the rules
save-rule-reloaded = Their version is loaded: your changes were discarded. Check the steps, then save again.
save-rule-cannot-save-yet = The rule cannot be saved yet
save-rule-could-not-save = Could not save the rule

schedule-label = Schedule
schedule-by-hand = Run by hand only
schedule-daily = Every day at 02:00
schedule-weekly = Every Monday at 02:00
schedule-monthly = The first of each month at 02:00
schedule-custom = Custom
schedule-cron = Cron expression (minute hour day month weekday)

fit-complete-earlier-steps = Complete the earlier steps to see what the destination will store.
fit-choose-destination = Choose a destination to see what it will store.
fit-nothing-changed = Nothing changed since the last run: nothing would be sent.
fit-destination-not-stored = the destination { $id } is not stored
fit-checking = Checking what the destination will store…
fit-needs-credentials = What { $name } will store is checked when the run starts, once you enter its credentials.
fit-failed = Could not check what the destination will store
fit-checks-again = The run checks again when it starts.
fit-all = { $destination } can store the values of all { $total } selected data elements.
fit-left-out = { $count } of { $total } selected data elements cannot be stored at { $destination }
fit-rounded = { $count } will be rounded to whole numbers
fit-refused-note = Values the destination would refuse are left out, not sent; the report lists them with the reason.
fit-item-left-out = : left out —{ " " }
fit-item-rounded = : rounded —{ " " }

download-preparing = Preparing the file…
download-json = Download JSON
download-result = Downloaded { $upserts } values to send and { $deletions } deletions.
download-could-not-prepare = Could not prepare the JSON file

## Run

phase-idle = Not started
phase-locking = Checking that no other run of this rule is going on
phase-preparing = Preparing
phase-reading = Reading and sending values
phase-aggregating = Aggregating
phase-writing = Sending values
phase-saving = Saving the report
phase-finished = Finished

run-retrying = { $what }: attempt { $attempt } failed ({ $error }); trying again in { $seconds } s
run-report-not-saved = the report could not be saved to the history: { $error }
run-not-recorded = the rule's last run could not be recorded: { $error }
run-credentials-token = { $name } ({ $url }) is reached directly. Enter its personal access token for this run; it is not stored.
run-credentials-password = { $name } ({ $url }) is reached directly. Enter its user name and password for this run; it is not stored.
run-personal-access-token = Personal access token
run-start = Start the sync
run-destination-not-loaded = destination { $id } could not be loaded: { $error }
run-leaving-stops-it = A sync is running: leaving stops it.
run-title = Synchronize
run-finding-destination = Finding the destination…
run-could-not-start = The sync could not start
run-nothing = No sync is running. Choose what to send and walk the sync steps, then press Synchronize now.
run-start-draft = Synchronize the current choices
run-values-read = Values read
run-values-sent = Values sent
run-chunks = Chunks
run-chunks-done = { $done } of { $total }
run-elapsed = Elapsed
run-time-left = Time left
run-estimating = estimating…
run-session-expired = Your session has expired
run-session-expired-help = The sync is paused, nothing is lost. Log in again in the new tab, then come back and continue.
run-log-in-again = Log in again
run-cancelling = Cancelling…
run-status = Status:
run-download-report = Download the full report
run-open-report = Open the report

duration-ms = { $ms } ms
duration-seconds = { $seconds } s
duration-minutes = { $minutes } min { $seconds } s
rate-values-per-second = { $rate } values/s

## Report

report-title = Sync report
report-loading = Loading the report…
report-could-not-load = The report could not be loaded
report-manual-sync = Manual sync
report-rule = Rule { $name }
report-dry-run = Dry run: nothing was written
report-origin = { $origin } by { $user } to { $destination }, started { $started }
report-origin-finished = { $origin } by { $user } to { $destination }, started { $started }, finished { $finished }
report-started-by = Started: { $label }
report-read = Read
report-sent = Sent
report-time-reading = Reading
report-time-aggregating = Aggregating
report-time-writing = Reading and writing
report-errors = Errors
report-notes = Notes
report-interrupted = This run stopped without finishing
report-interrupted-help = It can go on from what the destination confirmed: nothing confirmed is sent again.
report-resume = Resume
report-send-again = Send the { $count } values that failed again
report-not-listed = { " " }({ $count } more are counted but not stored in the history: download the full report from the run to see them.)
report-conflicts = Conflicts
report-no-conflicts = The destination reported no conflict.
report-conflict-code = Code
report-conflict-message = Message
report-conflict-values = Data values
report-conflict-chunk = Chunk
report-values-not-written = Values not written
report-values-not-written-help = The destination refused these values, or did not say what became of them, or they were never sent. A later run of the rule sends them again.
report-values-left-out = Values left out
report-values-left-out-help = Left out before sending because the destination would refuse them.
report-not-stored = { $count } more values are counted but not listed in the stored report.
report-not-aggregated = Not aggregated
report-chunks = Chunks and raw responses ({ $count })
report-chunk-title = Chunk { $index } ({ $kind }): { $values } values, { $attempts } attempt(s), { $outcome }
report-no-response = no response
report-data-statistics = Data statistics
report-no-data-elements = No data element had values to send.
report-stats-estimated = ≈ DHIS2 counts per chunk, not per value: where a chunk mixed data elements and its counts more than one kind, they are shared by each data element's values in it.
report-data-element = Data element
report-chart-label = Values per data element, by where they ended

stat-imported = Imported
stat-updated = Updated
stat-deleted = Deleted
stat-ignored = Ignored
stat-refused = Refused
stat-fate-unknown = Fate unknown
stat-not-sent = Not sent

## History

status-success = Success
status-warning = Warning
status-error = Error
status-cancelled = Cancelled
status-dry-run = Dry run
status-running = Running
status-interrupted = Interrupted
status-skipped = Skipped

history-delete-selected = Delete selected ({ $count })
history-delete-question = Delete { $count ->
    [one] { $count } report
   *[other] { $count } reports
}? This cannot be undone.
history-deleting = Deleting…
history-delete = Delete
history-deleted = { $count ->
    [one] { $count } report deleted.
   *[other] { $count } reports deleted.
}
history-some-not-deleted = Some reports could not be deleted
history-status = Status
history-all = All
history-rule = Rule
history-manual = Manual
history-started-from = Started from
history-started-until = Started until
history-clear-filters = Clear filters
history-loading = Loading history…
history-pruned = { $count } reports older than the retention setting were deleted.
history-old-not-deleted = Old reports could not be deleted
history-empty = No sync attempts match.
history-could-not-load = Could not load the history
history-counts = { $imported } imported, { $updated } updated, { $ignored } ignored, { $deleted } deleted
history-started = Started
history-run-by = Run by
history-counts-column = Counts
history-duration = Duration
history-broken = Report { $id } cannot be read: { $message }
history-broken-tag = Broken

## Settings

settings-strategy-create = New only
settings-strategy-update = Updates only
settings-retention = Keep reports for (days)
settings-retention-help = Reports older than this are deleted. { $min } to { $max } days.
settings-read-chunk = Org units per read request
settings-read-chunk-help = How many org units each read of the source asks for. { $min } to { $max }.
settings-write-chunk = Values per write request
settings-write-chunk-help = How many data values each request to the destination sends. { $min } to { $max }.
settings-default-strategy = Default import strategy
settings-dry-run = New syncs start as a dry run
settings-saving = Saving…
settings-save = Save
settings-saved = Settings saved.
settings-not-saved = The settings were not saved. Fix these problems:
settings-could-not-save = The settings could not be saved
settings-loading = Loading settings…
settings-out-of-range = Some saved settings were out of range
settings-out-of-range-message = { $problems }. The defaults are used and shown; saving stores them.
settings-unreadable = The saved settings cannot be read
settings-unreadable-message = { $error }. The form shows the defaults; saving replaces the stored settings.

## Relative periods (DHIS2's keywords; a translation lists each keyword, English keeps sync-core's label)

relative-period = { $name ->
   *[other] { $label }
}
relative-period-group = { $name ->
   *[other] { $label }
}

data-title = Data to sync

## Header bar, comparison and identifier schemes
header-apps = Apps
header-apps-loading = Loading apps…
header-apps-error = Could not list the apps: { $message }
header-profile = Profile
header-back = Back to DHIS2
header-logout = Log out
report-unchanged-skipped = Unchanged, not sent
summary-destination-identifiers = { $name }; identifiers: { $schemes }
fit-sent-with-id-schemes = Values are sent with the destination's identifier scheme: its import decides what it stores, and the report lists what it refuses.
