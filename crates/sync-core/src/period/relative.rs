//! DHIS2 relative periods (`RelativePeriodEnum`), resolved against a given today.
