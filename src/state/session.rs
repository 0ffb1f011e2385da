//! Who is logged in, as far as the app knows. The session itself is an
//! HttpOnly cookie the app never sees.

use serde::{Deserialize, Serialize};
use std::rc::Rc;
use yew::Reducible;

/// The logged-in marketer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    /// User id.
    pub id: String,
    /// Login e-mail.
    pub email: String,
}

/// The session as last seen.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Session {
    /// Not asked yet (or no server).
    #[default]
    Unknown,
    /// Nobody is logged in.
    Anonymous,
    /// Someone is.
    User(User),
}

/// What was learnt about the session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionAction {
    /// The server says who is logged in (`None`: nobody).
    Known(Option<User>),
}

impl Reducible for Session {
    type Action = SessionAction;

    fn reduce(self: Rc<Self>, action: SessionAction) -> Rc<Self> {
        let SessionAction::Known(user) = action;
        let next = user.map_or(Session::Anonymous, Session::User);
        if next == *self {
            self
        } else {
            Rc::new(next)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn login_and_logout() {
        let s = Rc::new(Session::default());
        let ana = User {
            id: "u1".into(),
            email: "ana@example.com".into(),
        };
        let s = s.reduce(SessionAction::Known(Some(ana.clone())));
        assert_eq!(*s, Session::User(ana.clone()));
        let same = s.clone().reduce(SessionAction::Known(Some(ana)));
        assert!(Rc::ptr_eq(&s, &same));
        let out = same.reduce(SessionAction::Known(None));
        assert_eq!(*out, Session::Anonymous);
    }
}
