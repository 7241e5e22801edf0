//! WeChat Open Platform simulator.
