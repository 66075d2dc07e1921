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

## Rules, destinations, comparison and remaining texts
rules-loading = Loading rules…
rules-could-not-load = Could not load the rules
rules-could-not-open = Could not open the rule: { $error }
rules-duplicated = Duplicated as "{ $name }".
rules-could-not-duplicate = Could not duplicate the rule: { $error }
rules-deleted = Deleted "{ $name }".
rules-could-not-delete = Could not delete "{ $name }": { $error }
rules-pending-dropped = "{ $name }" no longer sends the values its runs left behind.
rules-could-not-drop = Could not drop the values of "{ $name }": { $error }
rules-could-not-export = Could not export the rule: { $error }
rules-import = Import rule from JSON…
rules-import-replace = { " " }Replace a rule with the same id
rules-could-not-import = Could not import the rule: { $error }
rules-report = Report
rules-stored-by-older = Stored by an older version (schema { $version }); saving it upgrades it.
rules-never-run = Never run
rules-run-now = Run now
rules-edit = Edit
rules-duplicate = Duplicate
rules-export = Export
rules-cannot-run = This rule cannot run:
rules-pending-values = { $count ->
    [one] { $count } value left behind: the next run sends it again
   *[other] { $count } values left behind: the next run sends them again
}
rules-pending-drop = Drop them
rules-pending-question = Not send them again?{ " " }
rules-pending-drop-confirm = Drop
rules-pending-keep = Keep
rules-delete-question = Delete "{ $name }"? This cannot be undone.
rules-confirm-deletion = Confirm the deletion
rules-runner-seen = Schedules are run by aggsync { $version } on { $host } (last check { $at }).
rules-runner-seen-zone = Schedules are run by aggsync { $version } on { $host } (last check { $at }, { $zone }).
rules-runner-last-check = { " " }The last check was by { $host } at { $at }.
rules-runner-missing = No runner has checked the schedules in the last hour, so { $count } scheduled rule(s) will not run by themselves.
rules-runner-setup = How to set up a runner
rules-none-yet = No rules yet. Choose data, go through the sync steps and save them as a rule, or import a rule file.
rules-what-it-sends = What it sends
rules-last-run = Last run
rules-actions = Actions
rules-none-match = No rules match.
rules-schedule-paused = Paused
rules-schedule-invalid = Not run: the schedule does not read ({ $error })
rules-schedule-due = Due since { $at } (waiting for the runner)
rules-schedule-next = Next run { $at }
rules-schedule-no-further-run = No further run
rules-groups-unreadable = The user groups could not be read: { $error }
rules-cron-problem = Cron expression: { $error }
rules-schedule-saved = Saved the schedule of "{ $name }".
rules-could-not-save = Could not save: { $error }
rules-schedule-paused-done = Paused the schedule of "{ $name }".
rules-schedule-resumed = Resumed the schedule of "{ $name }".
rules-schedule-gone = The rule has no schedule any more.
rules-schedule-notifies = Failed scheduled runs notify { $name }
rules-schedule-resume = Resume
rules-schedule-pause = Pause
rules-schedule-change = Change
rules-not-scheduled = Not scheduled
rules-cron-expression = Cron expression
rules-schedule-notify = When a scheduled run fails, notify{ " " }
rules-schedule-nobody = Nobody
rules-sends-no-data = no data
rules-sends-org-units = { $count ->
    [one] { $count } organisation unit
   *[other] { $count } organisation units
}
rules-sends-no-org-unit = no organisation unit
rules-sends-category-options = { $count ->
    [one] { $count } category option
   *[other] { $count } category options
}
rules-sends-aggregated-to = aggregated to { $period_type }
rules-period-fixed = { $start } to { $end }
rules-period-incremental = Since last successful sync
rules-preset-daily = Daily
rules-preset-weekly = Weekly
rules-preset-monthly = Monthly
rules-unknown-destination = Unknown destination ({ $id })
rules-file-too-big = This file is { $size } MB: a rule file is at most { $max } MB. Choose a rule exported by Aggregate Sync.
rules-copy-of = Copy of { $name }
rules-imported = Imported the rule "{ $name }".
rules-imported-new-id = Imported the rule "{ $name }" as a new rule: a rule with the same id exists.
rules-replaced = Replaced the rule "{ $name }".
rules-imported-migrated = { " " }The file was written by an older version of the app (schema version { $version }) and was migrated to version { $current }.
rules-imported-note = { " " }Note: { $note }.
rules-not-a-rule-file = This file is not a rule Aggregate Sync can import. { $error }
destinations-kind-route = Route
destinations-kind-route-server = Route (whole server)
destinations-kind-direct-token = Direct with token
destinations-kind-direct-basic = Direct with Basic
destinations-this-instance = This instance
destinations-intro = Instances this app sends data to. Through a route, the credentials stay encrypted on this server; a direct destination asks for its token or password once per browser tab.
destinations-add = Add destination
destinations-unreadable = Some destinations could not be read
destinations-none-yet = No destinations yet.
destinations-url = URL
destinations-connection = Connection
destinations-last-test = Last test
destinations-manage-denied = You can test destinations but not add, edit or delete them: that needs the authority "Manage destinations" (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS) in one of your user roles. Ask your DHIS2 administrator.
destinations-edit-title = Edit destination
destinations-could-not-open = Could not open the destination
destinations-test-failed = The test failed
destinations-testing = Testing…
destinations-not-tested = Not tested
destinations-test-connection = Test connection
destinations-narrow-hint = This route reaches the whole destination server; narrow it to its Web API
destinations-narrow = Narrow the route
destinations-delete-question = Are you sure? This deletes the destination. Rules that send to it will need another destination.
destinations-delete-question-route = Are you sure? This deletes the destination and its route. Rules that send to it will need another destination.
destinations-fix-to-save = Fix these problems to save
destinations-could-not-save = Could not save the destination
destinations-description = Description (optional)
destinations-route-group = User group that may also send through the route (optional)
destinations-route-group-help = DHIS2 runs the route for you, for users whose role has "Manage destinations" (F_AGGREGATE_SYNC_MANAGE_DESTINATIONS), and for this group's members: for nobody else, whatever the app shows them. Choose the group of the people who run rules.
destinations-kind-route-option = Through a route of this instance (recommended)
destinations-kind-direct-token-option = Direct, with a personal access token
destinations-kind-direct-basic-option = Direct, with a user name and password
destinations-no-routes = This instance has no routes (they need DHIS2 2.40 or later), so the app reaches the destination directly from the browser.
destinations-url-input = URL of the destination (without /api)
destinations-route-credentials-help = DHIS2 keeps the credentials encrypted in the route; this app can never read them again.
destinations-route-credentials-keep = { " " }Leave them empty to keep the route's current ones (a changed URL needs them again).
destinations-credentials = Credentials for the destination
destinations-user-name-and-password = User name and password
destinations-group-change-note = A change of group applies when the credentials are typed again.
destinations-direct-help = The token or password is never saved: it is kept only while this browser tab is open and asked for again in a new tab. The destination must allow { $origin } in its CORS allowlist.
destinations-token-optional = Token (optional now)
destinations-user-name-optional = User name (optional now)
destinations-password-optional = Password (optional now)
destinations-narrow-prompt = Narrow the route to the destination's Web API
destinations-narrow-help = This route reaches every page of the destination's server, its login and apps included. Narrowed, it reaches /api/ only. DHIS2 never shows a route's credentials, so type them again: they are kept encrypted in the route.
destinations-scheme-same = Same as above
destinations-scheme-uid = UID (the source's identifiers)
destinations-scheme-code = Code
destinations-scheme-attribute = Attribute value
destinations-id-scheme = Identifier scheme
destinations-id-scheme-help = How the values sent name their data elements, org units and category option combos. Keep UID when the destination shares this instance's metadata. Choose Code (or Name, or an attribute's value) when it was built separately but uses the same codes: values whose item has no code here are not sent, and the report lists them.
destinations-scheme-all = All identifiers
destinations-scheme-option-combos = Category option combos (attribute option combos too)
destinations-scheme-attribute-uid = Attribute UID
destinations-plain-http = a direct destination needs an https:// URL: over http:// its token or password would cross the network in clear text (http:// is allowed for this computer only: localhost, 127.0.0.1, ::1). Use https://, or a route
destinations-same-instance = { $name } is this instance itself (the same systemId, { $system_id }): a sync there would read and write the same values. To write into this instance on purpose, choose the destination "This instance"
destinations-superuser = { $user } is a superuser (ALL) on the destination. Use an account made for the sync: a role with only "Add/update data values" (F_DATAVALUE_ADD), data write sharing on the data sets and category options it receives, and the org units it writes to as its data capture org units (see the README).
destinations-test-same-instance = This is the instance the app runs in
destinations-test-may-import = This user may import data values.
destinations-test-may-not-import = This user may not import data values: it needs the authority F_DATAVALUE_ADD (Add/update data values) or ALL.
destinations-test-connected = Connected to { $system } { $version }
destinations-test-acting-as = Acting as { $name } ({ $user }).
destinations-test-cors = Blocked by the destination's CORS allowlist
destinations-test-credentials-refused = The destination refused the credentials
destinations-test-session-expired = Your session has expired: log in again
destinations-test-access-denied = Access denied
destinations-test-not-found = Not found: check the URL (the route or the destination's API is missing)
destinations-test-route-unreachable = The route could not reach the destination
destinations-test-refused = The server refused the request
destinations-test-unreachable = The destination is unreachable
destinations-test-busy = The destination is busy: try again later
destinations-test-not-dhis2 = The answer is not from a DHIS2 instance
destinations-enter-user-name = enter the user name
destinations-enter-password = enter the password
destinations-enter-route-secret = enter the token or password the route will use (DHIS2 never shows stored ones)
destinations-enter-token = enter the token
destinations-not-a-route = only a route destination has a route
compare-complete-earlier-steps = complete the earlier steps first
compare-choose-destination = choose a destination first
compare-comparing = Comparing…
compare-button = Compare with the destination
compare-failed = Could not compare with the destination
compare-headline = Compared with { $destination }: { $new } new, { $changed } changed, { $unchanged } unchanged, { $deleted } to delete.
compare-new = New
compare-changed = Changed
compare-unchanged = Unchanged
compare-to-delete = To delete
compare-skip-unchanged = Skip unchanged values: send only what is new or changed (and the deletions)
compare-examples = Examples
compare-download = Download the comparison (JSON)
compare-download-failed = Could not prepare the comparison file
download-refused = the browser refused the download
report-chunk-upsert = Upsert
report-chunk-delete = Delete
report-import-success = SUCCESS
report-import-warning = WARNING
report-import-error = ERROR
history-select-all-on-page = Select all on this page
history-select-row = Select
run-progress-label = Sync progress
data-nothing-of-type-selected = Nothing of this type is selected.
data-loading-selection = Loading the selection…
app-page-not-built = This page is not built yet.
data-elements-of = Data elements of { $name }
rules-file-unreadable = the file { $name } could not be read
run-destination-unreadable = the destination could not be read: { $error }
rules-browser-could-not-make-file = the browser could not make the file
rules-browser-could-not-find-page = the browser could not find the page
rules-browser-could-not-start-download = the browser could not start the download
