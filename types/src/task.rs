//! What staff fill in to start a fast-registration task.

use serde::{Deserialize, Serialize};

use crate::{AuthorizerId, TaskKind};

/// The form of one of the four flows, as typed (the server checks every field before WeChat is
/// called).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TaskForm {
    /// An enterprise mini program.
    Enterprise {
        /// The enterprise's registered name.
        name: String,
        /// Its 18-character unified social credit code.
        code: String,
        /// The platform's contact phone for this task.
        phone: String,
    },
    /// A personal mini program.
    Personal {
        /// The user's WeChat ID (微信号).
        wxuser: String,
        /// The platform's contact phone for this task.
        phone: String,
    },
    /// A trial mini program.
    Beta {
        /// Its name, 4–30 characters (WeChat appends "的体验小程序").
        name: String,
        /// The openid of the WeChat user who becomes its administrator.
        openid: String,
    },
    /// A mini program reusing an official account's qualification.
    Reuse {
        /// The official account (an authorizer of the platform with permission set 27).
        official_account: AuthorizerId,
        /// Copy the account's WeChat verification too (`copy_wx_verify`).
        copy_verification: bool,
    },
}

impl TaskForm {
    /// The flow.
    pub fn kind(&self) -> TaskKind {
        match self {
            TaskForm::Enterprise { .. } => TaskKind::Enterprise,
            TaskForm::Personal { .. } => TaskKind::Personal,
            TaskForm::Beta { .. } => TaskKind::Beta,
            TaskForm::Reuse { .. } => TaskKind::Reuse,
        }
    }
}
