//! Data approvals and lock exceptions as import validation (reference §5.5 rules 23 and 25) reads
//! them: loaded once per import, looked up per value.

use std::collections::HashSet;

use rusqlite::Connection;

use crate::metadata::{DataSetInfo, OrgUnitInfo};
use crate::periods::Period;

/// Canonical ISO id of a period text (as stored by the approval and lock exception endpoints).
pub fn canonical_period(text: &str) -> Option<String> {
    Period::parse(text).map(|period| period.iso)
}

/// Approvals and lock exceptions of the instance.
#[derive(Debug, Default)]
pub struct Locks {
    approvals: HashSet<(String, String, String, String)>,
    exceptions: HashSet<(String, String, String)>,
}

impl Locks {
    /// Loads every approval and lock exception.
    pub fn load(connection: &Connection) -> rusqlite::Result<Self> {
        let mut locks = Self::default();
        let mut statement = connection.prepare(
            "SELECT workflow, period, org_unit, attribute_option_combo FROM data_approval",
        )?;
        for row in statement.query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })? {
            locks.approvals.insert(row?);
        }
        let mut statement =
            connection.prepare("SELECT data_set, period, org_unit FROM lock_exception")?;
        for row in statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))? {
            locks.exceptions.insert(row?);
        }
        Ok(locks)
    }

    /// Whether a lock exception lets data of `data_set` for `period` and `unit` in after expiry.
    pub fn has_exception(
        &self,
        data_set: &DataSetInfo,
        period: &Period,
        unit: &OrgUnitInfo,
    ) -> bool {
        !self.exceptions.is_empty()
            && self.exceptions.contains(&(
                data_set.uid.clone(),
                period.iso.clone(),
                unit.uid.clone(),
            ))
    }

    /// Whether data of `data_set` for `period`, `unit` and the attribute option combo is approved:
    /// the data set has a workflow and an approval exists for the unit or one of its ancestors
    /// (an approval higher up the hierarchy covers the data below it).
    pub fn is_approved(
        &self,
        data_set: &DataSetInfo,
        period: &Period,
        unit: &OrgUnitInfo,
        attribute_option_combo: &str,
    ) -> bool {
        let Some(workflow) = &data_set.workflow else {
            return false;
        };
        !self.approvals.is_empty()
            && unit
                .path
                .split('/')
                .filter(|uid| !uid.is_empty())
                .any(|ancestor| {
                    self.approvals.contains(&(
                        workflow.clone(),
                        period.iso.clone(),
                        ancestor.to_string(),
                        attribute_option_combo.to_string(),
                    ))
                })
    }
}
