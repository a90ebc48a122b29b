//! Voice supervision (Web Services API: ListenIn, Coach, BargeIn, CancelSupervisorMonitoring,
//! SwitchToListenIn, SwitchToBargeIn): listen in on, coach or barge in on an agent's device,
//! cancel it, and switch a monitored call between listening and barging in.

use super::model::VoiceMonitorOptions;
use super::session::{path_id, GwsSession, Operation};
use crate::client::{check_no_control, CallOptions};
use crate::error::Result;
use serde_json::Value;
use std::rc::Rc;

/// How the supervisor joins the agent's calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoiceMonitoring {
    /// `ListenIn`: hears the call; nobody hears the supervisor.
    ListenIn,
    /// `Coach`: only the agent hears the supervisor.
    Coach,
    /// `BargeIn`: everyone hears the supervisor.
    BargeIn,
}

impl VoiceMonitoring {
    /// The `operationName`.
    pub fn as_str(self) -> &'static str {
        match self {
            VoiceMonitoring::ListenIn => "ListenIn",
            VoiceMonitoring::Coach => "Coach",
            VoiceMonitoring::BargeIn => "BargeIn",
        }
    }
}

impl Operation {
    /// `POST /api/v2/me/devices/{deviceId}` `{operationName: ListenIn | Coach | BargeIn,
    /// targetDeviceUri, supervisorMonitoringScope?, supervisorMonitoringMode?, phoneNumber?}`:
    /// monitoring from the supervisor's device. The target is sent as a device URI: as given,
    /// or built on `root` (the server root) from a device id or object (see
    /// [`crate::gws::model::DeviceTarget::to_uri`]). Options left out are left out of the body
    /// (GWS then uses `Call` and `AllCalls`).
    pub fn monitor_device(
        kind: VoiceMonitoring,
        device_id: &str,
        opts: &VoiceMonitorOptions,
        root: &str,
    ) -> Result<Self> {
        let id = path_id("deviceId", device_id)?;
        let target = opts.target_device_uri.to_uri(root)?;
        let mut op = Operation::new(format!("/me/devices/{id}"), kind.as_str())
            .with("targetDeviceUri", Value::from(target));
        if let Some(scope) = opts.scope {
            op = op.with("supervisorMonitoringScope", Value::from(scope.as_str()));
        }
        if let Some(mode) = opts.mode {
            op = op.with("supervisorMonitoringMode", Value::from(mode.as_str()));
        }
        if let Some(phone) = opts.phone_number.as_deref().filter(|p| !p.is_empty()) {
            check_no_control("phoneNumber", phone)?;
            op = op.with("phoneNumber", Value::from(phone));
        }
        Ok(op)
    }

    /// `POST /api/v2/me/devices/{deviceId} {operationName: "CancelSupervisorMonitoring"}`.
    pub fn cancel_monitoring(device_id: &str) -> Result<Self> {
        let id = path_id("deviceId", device_id)?;
        Ok(Operation::new(
            format!("/me/devices/{id}"),
            "CancelSupervisorMonitoring",
        ))
    }

    /// `POST /api/v2/me/calls/{callId} {operationName: "SwitchToListenIn" | "SwitchToBargeIn"}`:
    /// on a monitored call, switch to listening (`barge_in` false) or to barging in.
    pub fn switch_call(call_id: &str, barge_in: bool) -> Result<Self> {
        let id = path_id("callId", call_id)?;
        let name = if barge_in {
            "SwitchToBargeIn"
        } else {
            "SwitchToListenIn"
        };
        Ok(Operation::new(format!("/me/calls/{id}"), name))
    }
}

impl GwsSession {
    /// Sets up monitoring from the supervisor's device (see [`Operation::monitor_device`]).
    /// Resolves once GWS accepted it; a `DeviceStateChangeMessage` confirms.
    pub async fn monitor_device(
        self: &Rc<Self>,
        kind: VoiceMonitoring,
        device_id: &str,
        opts: &VoiceMonitorOptions,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::monitor_device(kind, device_id, opts, self.pipeline().base.as_str())?;
        self.perform(&op, call).await.map(drop)
    }

    /// Listens in on the target device's calls (`ListenIn`).
    pub async fn listen_in(
        self: &Rc<Self>,
        device_id: &str,
        opts: &VoiceMonitorOptions,
        call: &CallOptions,
    ) -> Result<()> {
        self.monitor_device(VoiceMonitoring::ListenIn, device_id, opts, call)
            .await
    }

    /// Coaches the target device's agent (`Coach`).
    pub async fn coach(
        self: &Rc<Self>,
        device_id: &str,
        opts: &VoiceMonitorOptions,
        call: &CallOptions,
    ) -> Result<()> {
        self.monitor_device(VoiceMonitoring::Coach, device_id, opts, call)
            .await
    }

    /// Barges in on the target device's calls (`BargeIn`).
    pub async fn barge_in(
        self: &Rc<Self>,
        device_id: &str,
        opts: &VoiceMonitorOptions,
        call: &CallOptions,
    ) -> Result<()> {
        self.monitor_device(VoiceMonitoring::BargeIn, device_id, opts, call)
            .await
    }

    /// Cancels monitoring set up from the supervisor's device (`CancelSupervisorMonitoring`).
    pub async fn cancel_monitoring(
        self: &Rc<Self>,
        device_id: &str,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::cancel_monitoring(device_id)?;
        self.perform(&op, call).await.map(drop)
    }

    /// On a monitored call, switches to listening (`SwitchToListenIn`).
    pub async fn switch_to_listen_in(
        self: &Rc<Self>,
        call_id: &str,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::switch_call(call_id, false)?;
        self.perform(&op, call).await.map(drop)
    }

    /// On a monitored call, switches to barging in (`SwitchToBargeIn`).
    pub async fn switch_to_barge_in(
        self: &Rc<Self>,
        call_id: &str,
        call: &CallOptions,
    ) -> Result<()> {
        let op = Operation::switch_call(call_id, true)?;
        self.perform(&op, call).await.map(drop)
    }
}

#[cfg(test)]
mod tests;
