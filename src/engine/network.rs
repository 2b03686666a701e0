//! The cluster network: address allocation, DNS and kube-proxy.

pub mod dns;
pub mod ipam;
pub mod kube_proxy;
