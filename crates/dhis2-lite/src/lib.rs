//! dhis2-lite: a DHIS2-compatible Web API server written from DHIS2's documented behaviour.
