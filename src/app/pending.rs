//! `Pending`: a job the app waits for, with what it keeps for the answer. Every kind of job is
//! waited for through one, so "is this report the one the app waits for?" has one answer: a
//! report from any other job is stale and changes nothing.

use crate::jobs::JobId;

/// A job the app waits for, and what it keeps for the answer (the request, where it was asked
/// from, whether to apply the result).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pending<T = ()> {
    pub job: JobId,
    pub with: T,
}

impl Pending<()> {
    /// A job waited for with nothing kept.
    pub fn job(job: JobId) -> Self {
        Pending { job, with: () }
    }
}

impl<T> Pending<T> {
    pub fn new(job: JobId, with: T) -> Self {
        Pending { job, with }
    }

    /// Whether `job`'s report is the one this waits for.
    pub fn answers(&self, job: JobId) -> bool {
        self.job == job
    }
}

/// What a pending job kept is read through it (`training.spec`).
impl<T> std::ops::Deref for Pending<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.with
    }
}

impl<T> std::ops::DerefMut for Pending<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.with
    }
}

/// A report from `job`: `pending` is the job's slot. What it kept, if the report is the awaited
/// one (the slot is then empty); `None` for a stale report (the slot is left as it was).
pub fn take_answered<T>(slot: &mut Option<Pending<T>>, job: JobId) -> Option<T> {
    if slot.as_ref().is_some_and(|p| p.answers(job)) {
        slot.take().map(|p| p.with)
    } else {
        None
    }
}

impl<T> PartialEq<JobId> for Pending<T> {
    fn eq(&self, job: &JobId) -> bool {
        self.answers(*job)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_awaited_job_takes_the_slot() {
        let mut slot = Some(Pending::new(JobId(4), "spec"));
        assert_eq!(take_answered(&mut slot, JobId(3)), None);
        assert!(slot.is_some(), "a stale report leaves the slot alone");
        assert_eq!(take_answered(&mut slot, JobId(4)), Some("spec"));
        assert!(slot.is_none());
        assert_eq!(take_answered(&mut slot, JobId(4)), None);
        assert!(Pending::job(JobId(2)) == JobId(2));
        assert!(Pending::job(JobId(2)) != JobId(5));
    }
}
