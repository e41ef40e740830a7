//! Update-compliance membership, which the rules' WQL states over classes
//! the evaluator does not read (SMS_UpdateComplianceStatus joined to
//! deployments and updates): each is a function the data names.

use super::{JAN_2011, enforcement};
use crate::site::collections::Evaluator;
use crate::site::subject::Subject;
use wqlkit_engine::lower::collation::like;

/// The evaluators a collection rule may name, by name.
pub(crate) const EVALUATORS: &[Evaluator] = &[
    Evaluator {
        name: "jan_2011_required",
        eval: jan_2011_required,
    },
    Evaluator {
        name: "adr_workstations_required",
        eval: adr_workstations_required,
    },
    Evaluator {
        name: "pending_restart",
        eval: pending_restart,
    },
    Evaluator {
        name: "install_failed",
        eval: install_failed,
    },
    Evaluator {
        name: "winre_required",
        eval: winre_required,
    },
];

/// Required (status 2) by an update of the seed's "2011 Jan Updates" deployment.
fn jan_2011_required(s: &Subject<'_>) -> bool {
    required_in(s, |name| name == JAN_2011)
}

/// Required by an update of an "ADR - Workstations …" deployment.
fn adr_workstations_required(s: &Subject<'_>) -> bool {
    required_in(s, |name| like(name, "ADR - Workstations %"))
}

/// Status 2 for any update of a deployment whose name matches.
fn required_in(s: &Subject<'_>, name: impl Fn(&str) -> bool) -> bool {
    let cis: Vec<usize> = s
        .site
        .deployments
        .assignments
        .iter()
        .filter(|a| name(&a.name))
        .flat_map(|a| s.site.deployments.sugs[a.sug].members.iter().copied())
        .collect();
    s.scan().iter().any(|x| x.status == 2 && cis.contains(&(x.ci as usize)))
}

/// Waiting for a restart to finish installing an update (enforcement message 9).
fn pending_restart(s: &Subject<'_>) -> bool {
    s.scan()
        .iter()
        .any(|x| enforcement(s, x).is_some_and(|e| e.message == 9))
}

/// An update failed to install (enforcement message 6 or 11).
fn install_failed(s: &Subject<'_>) -> bool {
    s.scan()
        .iter()
        .any(|x| enforcement(s, x).is_some_and(|e| e.message == 6 || e.message == 11))
}

/// KB5034441 (the WinRE update) is required.
fn winre_required(s: &Subject<'_>) -> bool {
    s.scan()
        .iter()
        .any(|x| x.status == 2 && s.fleet.updates.list[x.ci as usize].kb == "5034441")
}
