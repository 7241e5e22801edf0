//! The installed faults of the `World`: which fire for a call.

use std::time::Duration;

use crate::faults::{FaultKind, Injected};

use super::World;

impl World {
    /// The faults that fire for this call of `endpoint` (consuming counted ones).
    pub fn take_faults(&mut self, endpoint: &str) -> Vec<Injected> {
        let mut fired = Vec::new();
        for f in self
            .faults
            .iter_mut()
            .filter(|f| f.endpoint == endpoint || f.endpoint == "*")
        {
            let fires = match (f.remaining.as_mut(), f.rate) {
                (Some(left), _) if *left > 0 => {
                    *left -= 1;
                    true
                }
                (Some(_), _) => false,
                (None, Some(rate)) => rand::random::<f64>() < rate,
                (None, None) => false,
            };
            if fires {
                fired.push(match f.kind {
                    FaultKind::Latency => Injected::Latency(Duration::from_millis(f.value as u64)),
                    FaultKind::Errcode => Injected::Errcode(f.value),
                    FaultKind::HttpStatus => Injected::HttpStatus(f.value as u16),
                    FaultKind::Drop => Injected::Drop,
                });
            }
        }
        self.faults.retain(|f| f.remaining != Some(0));
        fired
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::FaultSpec;

    fn spec(
        kind: FaultKind,
        value: Option<i64>,
        count: Option<u64>,
        rate: Option<f64>,
    ) -> FaultSpec {
        FaultSpec {
            endpoint: "api_component_token".into(),
            kind,
            value,
            count,
            rate,
        }
    }

    #[test]
    fn counted_faults_run_out() {
        let mut w = World::default();
        w.faults.push(
            spec(FaultKind::Errcode, Some(-1), Some(2), None)
                .into_fault(1)
                .unwrap(),
        );
        assert_eq!(
            w.take_faults("api_component_token"),
            vec![Injected::Errcode(-1)]
        );
        assert!(w.take_faults("api_query_auth").is_empty());
        assert_eq!(
            w.take_faults("api_component_token"),
            vec![Injected::Errcode(-1)]
        );
        assert!(w.take_faults("api_component_token").is_empty());
        assert!(w.faults.is_empty());
    }

    #[test]
    fn rates_and_validation() {
        let mut w = World::default();
        w.faults.push(
            spec(FaultKind::Drop, None, None, Some(1.0))
                .into_fault(1)
                .unwrap(),
        );
        for _ in 0..3 {
            assert_eq!(w.take_faults("api_component_token"), vec![Injected::Drop]);
        }
        assert!(
            spec(FaultKind::Errcode, None, None, None)
                .into_fault(2)
                .is_err()
        );
        assert!(
            spec(FaultKind::HttpStatus, Some(99), None, None)
                .into_fault(2)
                .is_err()
        );
        assert!(
            spec(FaultKind::Latency, Some(5), Some(1), Some(0.5))
                .into_fault(2)
                .is_err()
        );
        assert!(
            spec(FaultKind::Latency, Some(5), None, Some(1.5))
                .into_fault(2)
                .is_err()
        );
        let mut bad = spec(FaultKind::Drop, None, None, None);
        bad.endpoint = "nope".into();
        assert!(bad.into_fault(2).is_err());
    }
}
