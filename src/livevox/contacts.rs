//! The LiveVox contact API (LiveVox Contact API; LiveVox.NET and kkrbalam/LiveVox-Api show the
//! shapes): create, update, read, list, search and delete the contacts of Contact Manager, and
//! set their do-not-call blocks.

use super::session::{Prepared, Session};
use crate::client::{check_id, encode_component, ApiRequest, CallOptions};
use crate::error::{Error, ErrorCode, Result};
use crate::http::Method;
use crate::lenient;
use crate::wire::{self, Field, FromJson};
use serde::Serialize;
use serde_json::{Map, Value};
use std::rc::Rc;
use tsify::Tsify;

const BASE: &str = "/contact/contacts";
/// The longest account id LiveVox takes.
pub const MAX_ACCOUNT_LEN: usize = 255;
/// The most contacts one `list` page may ask for.
pub const MAX_PAGE: u32 = 1000;

/// A phone or account block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Block {
    /// Blocked for today.
    Daily,
    /// Blocked for good.
    Permanent,
    /// Not blocked.
    None,
    /// Both daily and permanent.
    Both,
    /// Daily block lifted.
    DailyOff,
    /// Permanent block lifted.
    PermanentOff,
}

crate::lenient::wire_enum!(Block {
    Daily = "DAILY",
    Permanent = "PERMANENT",
    None = "NONE",
    Both = "BOTH",
    DailyOff = "DAILY_OFF",
    PermanentOff = "PERMANENT_OFF",
});

/// The person behind an account (or its guarantor).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    /// First name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub first_name: Option<String>,
    /// Last name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub last_name: Option<String>,
    /// E-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub email: Option<String>,
    /// Date of birth, as the platform stores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub date_of_birth: Option<String>,
    /// Social security number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub ssn: Option<String>,
    /// ZIP code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub zip_code: Option<String>,
}

/// One of a contact's phone numbers (up to 10, by `ordinal`).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactPhone {
    /// The number.
    pub phone: String,
    /// Its position, 1 to 10.
    pub ordinal: i64,
    /// Its block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phone_block: Option<Block>,
    /// Consent to text messages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sms_consent: Option<bool>,
    /// Consent to calls to a cell phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cell_consent: Option<bool>,
}

/// A custom field of Contact Manager.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CustomField {
    /// The field's name.
    pub field: String,
    /// Its value.
    pub value: String,
}

/// Everything about a contact but its account id: all optional, so that an update sends only
/// what changes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactFields {
    /// The balance owed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub balance: Option<f64>,
    /// The account's block.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub account_block: Option<Block>,
    /// The account holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub person: Option<Person>,
    /// The guarantor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub guarantor: Option<Person>,
    /// Phone numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phone: Option<Vec<ContactPhone>>,
    /// The account number as spoken to the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub account_to_speak: Option<String>,
    /// The original account number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub original_account_number: Option<String>,
    /// Address, first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub address1: Option<String>,
    /// Address, second line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub address2: Option<String>,
    /// City.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub city: Option<String>,
    /// State.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub state: Option<String>,
    /// Country, e.g. `"UNITED_STATES_OF_AMERICA"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub country: Option<String>,
    /// The amount as spoken to the customer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub amount_to_speak: Option<f64>,
    /// The due date (epoch milliseconds, as LiveVox sends dates).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub due_date: Option<String>,
    /// The contact's group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub group_id: Option<String>,
    /// Whether the contact is active (LiveVox takes `false` when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub active: Option<bool>,
    /// Custom fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub custom_fields: Option<Vec<CustomField>>,
    /// Consent to e-mail at the primary address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub primary_email_consent: Option<bool>,
}

impl FromJson for Person {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut p = Person::default();
        wire::read_named(
            value,
            "struct Person",
            &mut [
                ("firstName", Field::Text(&mut p.first_name)),
                ("lastName", Field::Text(&mut p.last_name)),
                ("email", Field::Text(&mut p.email)),
                ("dateOfBirth", Field::Text(&mut p.date_of_birth)),
                ("ssn", Field::Text(&mut p.ssn)),
                ("zipCode", Field::Text(&mut p.zip_code)),
            ],
        )?;
        Ok(p)
    }
}

impl FromJson for ContactPhone {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut phone, mut ordinal, mut sms_consent, mut cell_consent) = (None, None, None, None);
        let mut phone_block = None;
        let mut block = |v: Value| {
            phone_block = opt_block(&v);
            Ok(())
        };
        wire::read_named(
            value,
            "struct ContactPhone",
            &mut [
                ("phone", Field::TextOrEmpty(&mut phone)),
                ("ordinal", Field::Int(&mut ordinal)),
                ("phoneBlock", Field::With(&mut block)),
                ("smsConsent", Field::Flag(&mut sms_consent)),
                ("cellConsent", Field::Flag(&mut cell_consent)),
            ],
        )?;
        Ok(Self {
            phone: wire::required(phone, "phone")?,
            ordinal: wire::required(ordinal, "ordinal")?,
            phone_block,
            sms_consent,
            cell_consent,
        })
    }
}

impl FromJson for CustomField {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut field, mut text) = (None, None);
        wire::read_named(
            value,
            "struct CustomField",
            &mut [
                ("field", Field::Str(&mut field)),
                ("value", Field::TextOrEmpty(&mut text)),
            ],
        )?;
        Ok(Self {
            field: wire::required(field, "field")?,
            value: wire::required(text, "value")?,
        })
    }
}

// Every field is read leniently (as the platform may send it): a value that does not read is
// absent, never an error; a caller's value dropped so is refused by `strict_read`.
impl FromJson for ContactFields {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut f = ContactFields::default();
        let (mut balance, mut amount_to_speak, mut account_block) = (None, None, None);
        let (mut person, mut guarantor, mut phone, mut custom_fields) = (None, None, None, None);
        let mut read_balance = |v: Value| {
            balance = lenient::number_value(&v);
            Ok(())
        };
        let mut read_amount = |v: Value| {
            amount_to_speak = lenient::number_value(&v);
            Ok(())
        };
        let mut read_block = |v: Value| {
            account_block = opt_block(&v);
            Ok(())
        };
        let mut read_person = |v: Value| {
            person = Person::from_json(v).ok();
            Ok(())
        };
        let mut read_guarantor = |v: Value| {
            guarantor = Person::from_json(v).ok();
            Ok(())
        };
        let mut read_phone = |v: Value| {
            phone = opt_list(v);
            Ok(())
        };
        let mut read_custom = |v: Value| {
            custom_fields = opt_list(v);
            Ok(())
        };
        wire::read_named(
            value,
            "struct ContactFields",
            &mut [
                ("balance", Field::With(&mut read_balance)),
                ("accountBlock", Field::With(&mut read_block)),
                ("person", Field::With(&mut read_person)),
                ("guarantor", Field::With(&mut read_guarantor)),
                ("phone", Field::With(&mut read_phone)),
                ("accountToSpeak", Field::Text(&mut f.account_to_speak)),
                (
                    "originalAccountNumber",
                    Field::Text(&mut f.original_account_number),
                ),
                ("address1", Field::Text(&mut f.address1)),
                ("address2", Field::Text(&mut f.address2)),
                ("city", Field::Text(&mut f.city)),
                ("state", Field::Text(&mut f.state)),
                ("country", Field::Text(&mut f.country)),
                ("amountToSpeak", Field::With(&mut read_amount)),
                ("dueDate", Field::Text(&mut f.due_date)),
                ("groupId", Field::Text(&mut f.group_id)),
                ("active", Field::Flag(&mut f.active)),
                ("customFields", Field::With(&mut read_custom)),
                (
                    "primaryEmailConsent",
                    Field::Flag(&mut f.primary_email_consent),
                ),
            ],
        )?;
        Ok(ContactFields {
            balance,
            account_block,
            person,
            guarantor,
            phone,
            amount_to_speak,
            custom_fields,
            ..f
        })
    }
}

wire::deserialize_from_json!(Person, ContactPhone, CustomField, ContactFields);

/// [`lenient::opt_value`] for a [`Block`]: a block's name; anything else is absent.
fn opt_block(value: &Value) -> Option<Block> {
    wire::variant(value, Block::WIRE_NAMES, Block::WIRE_VARIANTS, None).ok()
}

/// [`lenient::opt_value`] for a list of models: a list whose every item reads; anything else
/// (`null`, a list with an item that does not read) is absent.
fn opt_list<T: FromJson>(value: Value) -> Option<Vec<T>> {
    match value {
        Value::Array(_) => wire::list(value).ok(),
        _ => None,
    }
}

/// Fields of a contact that floorwalker does not name (such as `createDate`), passed on as the
/// platform sent them. (The TypeScript `ContactExtraFields`, `Record<string, unknown>`, is
/// declared in `src/js/livevox.rs`.)
pub type ContactExtraFields = Map<String, Value>;

/// A contact: its account id and its fields. Read from the platform, fields floorwalker does
/// not name pass through as sent; given to `create`, an unknown field is `INVALID_ARGUMENT`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactDetails {
    /// The account id (required, at most 255 characters).
    pub account: String,
    /// The rest of the contact.
    #[serde(flatten)]
    pub fields: ContactFields,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub other: ContactExtraFields,
}

/// The keys of [`ContactFields`] (a host test checks the list against the type).
const CONTACT_FIELDS: [&str; 18] = [
    "balance",
    "accountBlock",
    "person",
    "guarantor",
    "phone",
    "accountToSpeak",
    "originalAccountNumber",
    "address1",
    "address2",
    "city",
    "state",
    "country",
    "amountToSpeak",
    "dueDate",
    "groupId",
    "active",
    "customFields",
    "primaryEmailConsent",
];

// Read by hand rather than derived (`flatten`, whose buffering code is kilobytes of wasm): the
// account, then the fields of [`ContactFields`] taken out and read by its reader, and the rest
// kept as sent. Its errors do not name `account`, as before: a caller's contact is read through
// it too, and in a page of contacts the error names the list the contact sits in.
impl FromJson for ContactDetails {
    fn from_json(value: Value) -> wire::Result<Self> {
        let Value::Object(object) = value else {
            return Err(wire::invalid_type(&value, "a map"));
        };
        // One pass: the account, the fields of `ContactFields` (inserted one by one: collecting
        // into a map would bring a sort's code along), and the rest.
        let (mut account, mut named, mut other) = (None, Map::new(), Map::new());
        for (k, v) in object {
            if k == "account" {
                account = Some(v);
            } else if CONTACT_FIELDS.contains(&k.as_str()) {
                named.insert(k, v);
            } else {
                other.insert(k, v);
            }
        }
        let account = match account {
            Some(v) => wire::text(v, false)?.unwrap_or_default(),
            None => return Err(wire::missing("account")),
        };
        Ok(ContactDetails {
            account,
            fields: ContactFields::from_json(Value::Object(named))?,
            other,
        })
    }
}

wire::deserialize_from_json!(ContactDetails);

/// Reply of `create`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
pub struct CreatedContact {
    /// The new contact's id.
    pub id: String,
}

impl FromJson for CreatedContact {
    fn from_json(value: Value) -> wire::Result<Self> {
        let mut id = None;
        wire::read_named(
            value,
            "struct CreatedContact",
            &mut [("id", Field::TextOrEmpty(&mut id))],
        )?;
        Ok(Self {
            id: wire::required(id, "id")?,
        })
    }
}

/// Options of `list`.
#[derive(Debug, Clone, Default, PartialEq, Tsify)]
#[cfg_attr(test, derive(Serialize))]
#[serde(rename_all = "camelCase")]
pub struct ListContactsOptions {
    /// Contacts per page, 1 to 1000 (LiveVox's cap).
    #[serde(default)]
    #[tsify(optional)]
    pub count: Option<f64>,
    /// How many contacts to skip.
    #[serde(default)]
    #[tsify(optional)]
    pub offset: Option<f64>,
}

impl FromJson for ListContactsOptions {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut count, mut offset) = (None, None);
        let mut read_count = |v| wire::nullable(v, number).map(|n| count = n);
        let mut read_offset = |v| wire::nullable(v, number).map(|n| offset = n);
        wire::read_named(
            value,
            "struct ListContactsOptions",
            &mut [
                ("count", Field::With(&mut read_count)),
                ("offset", Field::With(&mut read_offset)),
            ],
        )?;
        Ok(Self { count, offset })
    }
}

wire::deserialize_from_json!(ListContactsOptions);

/// An `f64`, as serde reads one (any JSON number).
fn number(value: Value) -> wire::Result<f64> {
    wire::f64_value(&value)
}

/// A page of contacts.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactPage {
    /// The contacts of this page.
    pub contacts: Vec<ContactDetails>,
    /// The address of the next page, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub next: Option<String>,
}

impl ContactPage {
    /// A page of `contacts`, with the platform's `next` when it is not blank.
    fn of(contacts: Vec<ContactDetails>, next: Option<String>) -> Self {
        ContactPage {
            contacts,
            next: next.filter(|n| !n.trim().is_empty()),
        }
    }
}

/// How a search condition compares a contact field with `criteria`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ConditionType {
    /// The field starts with the criteria.
    StartsWith,
    /// The field ends with the criteria.
    EndsWith,
    /// The field equals the criteria.
    Equals,
    /// The field is less than the criteria.
    Less,
    /// The field is greater than the criteria.
    Greater,
    /// The field is greater than or equal to the criteria.
    GreaterEqual,
    /// The field contains the criteria.
    Contains,
}

crate::lenient::wire_enum!(ConditionType {
    StartsWith = "STARTS_WITH",
    EndsWith = "ENDS_WITH",
    Equals = "EQUALS",
    Less = "LESS",
    Greater = "GREATER",
    GreaterEqual = "GREATER_EQUAL",
    Contains = "CONTAINS",
});

/// One test of a contact search: `{ field, criteria, condition, isNegated? }`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactCondition {
    /// The contact field, in LiveVox's lower-case names: `account`, `name`, `phone`, `city`,
    /// `state`, `country`, `postalcode`, `email`, `group`, `address`, `dob`,
    /// `original_account_number`, `guarantor_name`, `paymentbalance`, `amount_to_speak`,
    /// `do_not_dial`, `do_not_dial_daily`, …
    pub field: String,
    /// The value to compare with (at most 255 characters).
    pub criteria: String,
    /// How to compare.
    pub condition: ConditionType,
    /// Inverts the test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_negated: Option<bool>,
}

/// How a search rule joins its two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "UPPERCASE")]
pub enum RuleOperator {
    /// Both sides must match.
    And,
    /// Either side may match.
    Or,
}

crate::lenient::wire_enum!(RuleOperator { And = "AND", Or = "OR" });

/// Two searches joined: `{ rule: "AND" | "OR", left, right, isNegated? }`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactRule {
    /// How the sides are joined.
    pub rule: RuleOperator,
    /// The left side: a condition or another rule.
    pub left: Box<ContactFilter>,
    /// The right side: a condition or another rule.
    pub right: Box<ContactFilter>,
    /// Inverts the whole rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub is_negated: Option<bool>,
}

/// What a contact search matches: one condition, or a rule joining two filters.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(untagged)]
pub enum ContactFilter {
    /// Two filters joined by AND or OR.
    Rule(ContactRule),
    /// One condition.
    Condition(ContactCondition),
}

impl FromJson for ContactCondition {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut field, mut criteria, mut condition, mut is_negated) = (None, None, None, None);
        let mut read_condition = |v: Value| {
            let names = ConditionType::WIRE_NAMES;
            wire::variant(&v, names, ConditionType::WIRE_VARIANTS, None)
                .map(|c| condition = Some(c))
        };
        wire::read_named(
            value,
            "struct ContactCondition",
            &mut [
                ("field", Field::Str(&mut field)),
                ("criteria", Field::Str(&mut criteria)),
                ("condition", Field::With(&mut read_condition)),
                ("isNegated", Field::OptBool(&mut is_negated)),
            ],
        )?;
        Ok(Self {
            field: wire::required(field, "field")?,
            criteria: wire::required(criteria, "criteria")?,
            condition: wire::required(condition, "condition")?,
            is_negated,
        })
    }
}

impl FromJson for ContactRule {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut rule, mut left, mut right, mut is_negated) = (None, None, None, None);
        let mut read_rule = |v: Value| {
            wire::variant(
                &v,
                RuleOperator::WIRE_NAMES,
                RuleOperator::WIRE_VARIANTS,
                None,
            )
            .map(|r| rule = Some(r))
        };
        let mut read_left = |v| ContactFilter::from_json(v).map(|f| left = Some(Box::new(f)));
        let mut read_right = |v| ContactFilter::from_json(v).map(|f| right = Some(Box::new(f)));
        wire::read_named(
            value,
            "struct ContactRule",
            &mut [
                ("rule", Field::With(&mut read_rule)),
                ("left", Field::With(&mut read_left)),
                ("right", Field::With(&mut read_right)),
                ("isNegated", Field::OptBool(&mut is_negated)),
            ],
        )?;
        Ok(Self {
            rule: wire::required(rule, "rule")?,
            left: wire::required(left, "left")?,
            right: wire::required(right, "right")?,
            is_negated,
        })
    }
}

// As `untagged` read it (without its buffering code, kilobytes of wasm): the first variant that
// reads. A rule needs its `rule`, so a value without one is read as a condition only.
impl FromJson for ContactFilter {
    fn from_json(value: Value) -> wire::Result<Self> {
        let rule = match &value {
            Value::Object(o) if o.contains_key("rule") => {
                ContactRule::from_json(value.clone()).ok()
            }
            _ => None,
        };
        match rule {
            Some(r) => Ok(ContactFilter::Rule(r)),
            None => ContactCondition::from_json(value)
                .map(ContactFilter::Condition)
                .map_err(|_| {
                    serde::de::Error::custom(
                        "data did not match any variant of untagged enum ContactFilter",
                    )
                }),
        }
    }
}

wire::deserialize_from_json!(ContactCondition, ContactRule, ContactFilter);

/// Sort direction of a contact search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "UPPERCASE")]
pub enum SortOrder {
    /// Ascending.
    Asc,
    /// Descending.
    Desc,
}

crate::lenient::wire_enum!(SortOrder { Asc = "ASC", Desc = "DESC" });

/// One sort key of a contact search: `{ field, order }`.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactSort {
    /// The column, in LiveVox's upper-case names: `ACCOUNT`, `FIRST_NAME`, `LAST_NAME`,
    /// `CITY`, `STATE`, `POSTALCODE`, `PAYMENTBALANCE`, `ACCOUNT_DUE_DATE`, `CREATEDATE`,
    /// `MODIFYDATE`, `PHONE1`, …
    pub field: String,
    /// The direction.
    pub order: SortOrder,
}

/// What `search` takes: the filter (`search`, as LiveVox names it), an optional sort, and the
/// page (`count` up to 1000, `offset`).
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ContactSearch {
    /// The filter.
    pub search: ContactFilter,
    /// The sort keys, first one first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sort: Option<Vec<ContactSort>>,
    /// Contacts per page, 1 to 1000.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub count: Option<f64>,
    /// How many matches to skip.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<f64>,
}

impl FromJson for ContactSort {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut field, mut order) = (None, None);
        let mut read_order = |v: Value| {
            wire::variant(&v, SortOrder::WIRE_NAMES, SortOrder::WIRE_VARIANTS, None)
                .map(|o| order = Some(o))
        };
        wire::read_named(
            value,
            "struct ContactSort",
            &mut [
                ("field", Field::Str(&mut field)),
                ("order", Field::With(&mut read_order)),
            ],
        )?;
        Ok(Self {
            field: wire::required(field, "field")?,
            order: wire::required(order, "order")?,
        })
    }
}

impl FromJson for ContactSearch {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut search, mut sort, mut count, mut offset) = (None, None, None, None);
        let mut read_search = |v| ContactFilter::from_json(v).map(|f| search = Some(f));
        let mut read_sort = |v| wire::nullable(v, wire::list).map(|s| sort = s);
        let mut read_count = |v| wire::nullable(v, number).map(|n| count = n);
        let mut read_offset = |v| wire::nullable(v, number).map(|n| offset = n);
        wire::read_named(
            value,
            "struct ContactSearch",
            &mut [
                ("search", Field::With(&mut read_search)),
                ("sort", Field::With(&mut read_sort)),
                ("count", Field::With(&mut read_count)),
                ("offset", Field::With(&mut read_offset)),
            ],
        )?;
        Ok(Self {
            search: wire::required(search, "search")?,
            sort,
            count,
            offset,
        })
    }
}

wire::deserialize_from_json!(ContactSort, ContactSearch);

/// A phone's block for `setDoNotCall`: which phone (`ordinal` 1 to 10, with its number
/// optionally) and its new block.
#[derive(Debug, Clone, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DoNotCallPhone {
    /// The phone's position, 1 to 10.
    pub ordinal: i64,
    /// The number at that position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub phone: Option<String>,
    /// The block to set (`DAILY_OFF` / `PERMANENT_OFF` lift one).
    pub phone_block: Block,
}

/// What `setDoNotCall` sets: the account's block, the phones' blocks, or both (LiveVox's own
/// names: `accountBlock`, `updateContactDND`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct DoNotCallFlags {
    /// The block of the whole account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub account_block: Option<Block>,
    /// The blocks of single phones.
    #[serde(
        default,
        rename = "updateContactDND",
        skip_serializing_if = "Option::is_none"
    )]
    #[tsify(optional)]
    pub update_contact_dnd: Option<Vec<DoNotCallPhone>>,
}

impl FromJson for DoNotCallPhone {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut ordinal, mut phone, mut phone_block) = (None, None, None);
        let mut read_ordinal = |v: Value| wire::i64_value(&v).map(|o| ordinal = Some(o));
        let mut read_block = |v: Value| {
            wire::variant(&v, Block::WIRE_NAMES, Block::WIRE_VARIANTS, None)
                .map(|b| phone_block = Some(b))
        };
        wire::read_named(
            value,
            "struct DoNotCallPhone",
            &mut [
                ("ordinal", Field::With(&mut read_ordinal)),
                ("phone", Field::OptStr(&mut phone)),
                ("phoneBlock", Field::With(&mut read_block)),
            ],
        )?;
        Ok(Self {
            ordinal: wire::required(ordinal, "ordinal")?,
            phone,
            phone_block: wire::required(phone_block, "phoneBlock")?,
        })
    }
}

impl FromJson for DoNotCallFlags {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut account_block, mut update_contact_dnd) = (None, None);
        let mut read_block = |v| {
            let block = |v: Value| wire::variant(&v, Block::WIRE_NAMES, Block::WIRE_VARIANTS, None);
            wire::nullable(v, block).map(|b| account_block = b)
        };
        let mut read_phones = |v| wire::nullable(v, wire::list).map(|l| update_contact_dnd = l);
        wire::read_named(
            value,
            "struct DoNotCallFlags",
            &mut [
                ("accountBlock", Field::With(&mut read_block)),
                ("updateContactDND", Field::With(&mut read_phones)),
            ],
        )?;
        Ok(Self {
            account_block,
            update_contact_dnd,
        })
    }
}

wire::deserialize_from_json!(DoNotCallPhone, DoNotCallFlags);

struct SearchReply {
    find_matching_contacts_details: Vec<ContactDetails>,
    next: Option<String>,
}

impl FromJson for SearchReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut details, mut next) = (None, None);
        let mut read = |v| wire::list(v).map(|l| details = Some(l));
        wire::read_named(
            value,
            "struct SearchReply",
            &mut [
                ("findMatchingContactsDetails", Field::With(&mut read)),
                ("next", Field::Text(&mut next)),
            ],
        )?;
        Ok(Self {
            find_matching_contacts_details: details.unwrap_or_default(),
            next,
        })
    }
}

#[derive(Serialize)]
struct SearchBody<'a> {
    search: &'a ContactFilter,
    #[serde(skip_serializing_if = "Option::is_none")]
    sort: Option<&'a Vec<ContactSort>>,
}

struct ListReply {
    list_contact_details: Vec<ContactDetails>,
    next: Option<String>,
}

impl FromJson for ListReply {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut details, mut next) = (None, None);
        let mut read = |v| wire::list(v).map(|l| details = Some(l));
        wire::read_named(
            value,
            "struct ListReply",
            &mut [
                ("listContactDetails", Field::With(&mut read)),
                ("next", Field::Text(&mut next)),
            ],
        )?;
        Ok(Self {
            list_contact_details: wire::required(details, "listContactDetails")?,
            next,
        })
    }
}

struct VendorStatus {
    code: Option<i64>,
    message: Option<String>,
}

impl FromJson for VendorStatus {
    fn from_json(value: Value) -> wire::Result<Self> {
        let (mut code, mut message) = (None, None);
        // `Option<String>`: `null` is absent, anything but a string an error.
        let mut read = |v| {
            message = match v {
                Value::Null => None,
                v => Some(wire::string(v)?),
            };
            Ok(())
        };
        wire::read_named(
            value,
            "struct VendorStatus",
            &mut [
                ("code", Field::OptInt(&mut code)),
                ("message", Field::With(&mut read)),
            ],
        )?;
        Ok(Self { code, message })
    }
}

wire::deserialize_from_json!(CreatedContact, SearchReply, ListReply, VendorStatus);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CreateBody<'a> {
    create_contact_details: &'a ContactDetails,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdateBody<'a> {
    update_contact_details: &'a ContactFields,
}

fn check_account(account: &str) -> Result<()> {
    check_id("account", account)?;
    if account.chars().count() > MAX_ACCOUNT_LEN {
        return Err(Error::invalid_argument(
            "account",
            format!("account must be at most {MAX_ACCOUNT_LEN} characters."),
        ));
    }
    Ok(())
}

fn check_fields(fields: &ContactFields) -> Result<()> {
    for p in fields.phone.iter().flatten() {
        if !(1..=10).contains(&p.ordinal) {
            return Err(Error::invalid_argument(
                "phone",
                "each phone's ordinal must be from 1 to 10.",
            ));
        }
        if p.phone.trim().is_empty() {
            return Err(Error::invalid_argument(
                "phone",
                "each phone must have a number.",
            ));
        }
    }
    for f in fields.custom_fields.iter().flatten() {
        if f.field.trim().is_empty() {
            return Err(Error::invalid_argument(
                "customFields",
                "each custom field must have a name.",
            ));
        }
    }
    let finite = |v: Option<f64>| v.map_or(true, f64::is_finite);
    if !finite(fields.balance) || !finite(fields.amount_to_speak) {
        return Err(Error::invalid_argument(
            "balance",
            "balance and amountToSpeak must be finite numbers.",
        ));
    }
    Ok(())
}

fn check_filter(filter: &ContactFilter, depth: usize) -> Result<()> {
    if depth > 32 {
        return Err(Error::invalid_argument(
            "search",
            "search nests rules more than 32 deep.",
        ));
    }
    match filter {
        ContactFilter::Rule(r) => {
            check_filter(&r.left, depth + 1)?;
            check_filter(&r.right, depth + 1)
        }
        ContactFilter::Condition(c) => {
            if c.field.trim().is_empty() {
                return Err(Error::invalid_argument(
                    "search",
                    "each search condition needs a field.",
                ));
            }
            if c.criteria.chars().count() > MAX_ACCOUNT_LEN {
                return Err(Error::invalid_argument(
                    "search",
                    "a search condition's criteria must be at most 255 characters.",
                ));
            }
            Ok(())
        }
    }
}

fn check_search(criteria: &ContactSearch) -> Result<()> {
    check_filter(&criteria.search, 0)?;
    if criteria
        .sort
        .iter()
        .flatten()
        .any(|s| s.field.trim().is_empty())
    {
        return Err(Error::invalid_argument(
            "sort",
            "each sort key needs a field.",
        ));
    }
    Ok(())
}

fn check_flags(flags: &DoNotCallFlags) -> Result<()> {
    let phones = flags.update_contact_dnd.as_deref().unwrap_or_default();
    if flags.account_block.is_none() && phones.is_empty() {
        return Err(Error::invalid_argument(
            "flags",
            "give accountBlock, updateContactDND or both.",
        ));
    }
    for (i, p) in phones.iter().enumerate() {
        if !(1..=10).contains(&p.ordinal) {
            return Err(Error::invalid_argument(
                "updateContactDND",
                "each phone's ordinal must be from 1 to 10.",
            ));
        }
        if phones.iter().take(i).any(|q| q.ordinal == p.ordinal) {
            return Err(Error::invalid_argument(
                "updateContactDND",
                format!("ordinal {} is given twice.", p.ordinal),
            ));
        }
        if p.phone.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Err(Error::invalid_argument(
                "updateContactDND",
                "a phone given must not be empty.",
            ));
        }
    }
    Ok(())
}

/// A request on one contact: `{BASE}/{account}{tail}`, the account percent-encoded as one
/// path segment and hidden from the log.
fn on_contact(method: Method, account: &str, tail: &str) -> Result<ApiRequest> {
    check_account(account)?;
    Ok(ApiRequest::new(
        method,
        format!("{BASE}/{}{tail}", encode_component(account)),
    )
    .log_as(format!("{BASE}/{{account}}{tail}")))
}

fn page_number(field: &str, value: Option<f64>, min: f64, max: f64) -> Result<Option<u64>> {
    match value {
        None => Ok(None),
        Some(v) if v.is_finite() && v.fract() == 0.0 && v >= min && v <= max => Ok(Some(v as u64)),
        Some(_) => Err(Error::invalid_argument(
            field,
            format!(
                "{field} must be a whole number from {} to {}.",
                min as u64, max as u64
            ),
        )),
    }
}

/// The contact operations of a LiveVox session.
#[derive(Clone)]
pub struct Contacts {
    session: Rc<Session>,
}

impl Contacts {
    /// The contact API over `session`.
    pub fn new(session: Rc<Session>) -> Self {
        Contacts { session }
    }

    /// [`Contacts::create`] before it is sent.
    pub fn create_call(details: &ContactDetails) -> Result<Prepared<CreatedContact>> {
        check_account(&details.account)?;
        check_fields(&details.fields)?;
        if let Some(key) = details.other.keys().next() {
            return Err(Error::invalid_argument(
                key.clone(),
                format!("{key} is not a contact field floorwalker knows."),
            ));
        }
        let req = ApiRequest::new(Method::Post, BASE).json(&CreateBody {
            create_contact_details: details,
        })?;
        Ok(Prepared::new(req, |resp| {
            if let Ok(status) = serde_json::from_str::<VendorStatus>(&resp.body) {
                if status.code == Some(202) {
                    let mut e = Error::new(
                        ErrorCode::Conflict,
                        "A contact with this account already exists; update it instead.",
                    )
                    .with_status(resp.status);
                    e.vendor_code = Some(202);
                    e.vendor_message = status.message;
                    return Err(e);
                }
            }
            super::decode(resp)
        }))
    }

    /// Creates a contact: `POST /contact/contacts` with `{createContactDetails}`. An account
    /// that already exists (409, or the platform's `{"code":202,"message":"Contact already
    /// exists!"}` reply) rejects with `CONFLICT`.
    pub async fn create(
        &self,
        details: &ContactDetails,
        call: &CallOptions,
    ) -> Result<CreatedContact> {
        Self::create_call(details)?.send(&self.session, call).await
    }

    /// [`Contacts::update`] before it is sent.
    pub fn update_call(account: &str, fields: &ContactFields) -> Result<Prepared<()>> {
        check_account(account)?;
        check_fields(fields)?;
        let req = ApiRequest::new(Method::Put, format!("{BASE}/{}", encode_component(account)))
            .json(&UpdateBody {
                update_contact_details: fields,
            })?
            .log_as(format!("{BASE}/{{account}}"));
        Ok(Prepared::unit(req))
    }

    /// Updates a contact's fields (only those given): `PUT /contact/contacts/{account}` with
    /// `{updateContactDetails}`; `account` is percent-encoded as one path segment.
    pub async fn update(
        &self,
        account: &str,
        fields: &ContactFields,
        call: &CallOptions,
    ) -> Result<()> {
        Self::update_call(account, fields)?
            .send(&self.session, call)
            .await
    }

    /// [`Contacts::get`] before it is sent.
    pub fn get_call(account: &str) -> Result<Prepared<ContactDetails>> {
        check_account(account)?;
        let req = ApiRequest::new(Method::Get, format!("{BASE}/{}", encode_component(account)))
            .log_as(format!("{BASE}/{{account}}"));
        Ok(Prepared::new(req, |resp| {
            // `{readContactDetails: {...}}` (LiveVox.NET's shape), or the bare details.
            let mut reply = super::decode_value(resp)?;
            let details = match reply.get_mut("readContactDetails") {
                Some(inner) => inner.take(),
                None => reply,
            };
            super::read_value(details).map_err(|e| e.with_status(resp.status))
        }))
    }

    /// Reads a contact: `GET /contact/contacts/{account}`.
    pub async fn get(&self, account: &str, call: &CallOptions) -> Result<ContactDetails> {
        Self::get_call(account)?.send(&self.session, call).await
    }

    /// [`Contacts::list`] before it is sent.
    pub fn list_call(opts: &ListContactsOptions) -> Result<Prepared<ContactPage>> {
        let count = page_number("count", opts.count, 1.0, f64::from(MAX_PAGE))?;
        let offset = page_number("offset", opts.offset, 0.0, 9.0e15)?;
        let mut req = ApiRequest::new(Method::Get, BASE);
        if let Some(c) = count {
            req = req.query("count", c.to_string());
        }
        if let Some(o) = offset {
            req = req.query("offset", o.to_string());
        }
        Ok(Prepared::new(req, |resp| {
            let reply: ListReply = super::decode(resp)?;
            Ok(ContactPage::of(reply.list_contact_details, reply.next))
        }))
    }

    /// A page of contacts: `GET /contact/contacts?count=&offset=`. `next` is set while more
    /// pages follow.
    pub async fn list(
        &self,
        opts: &ListContactsOptions,
        call: &CallOptions,
    ) -> Result<ContactPage> {
        Self::list_call(opts)?.send(&self.session, call).await
    }

    /// [`Contacts::delete`] before it is sent.
    pub fn delete_call(account: &str) -> Result<Prepared<()>> {
        Ok(Prepared::unit(on_contact(Method::Delete, account, "")?))
    }

    /// Deletes a contact: `DELETE /contact/contacts/{account}`. A contact that does not exist
    /// rejects with `NOT_FOUND`.
    pub async fn delete(&self, account: &str, call: &CallOptions) -> Result<()> {
        Self::delete_call(account)?.send(&self.session, call).await
    }

    /// [`Contacts::search`] before it is sent.
    pub fn search_call(criteria: &ContactSearch) -> Result<Prepared<ContactPage>> {
        check_search(criteria)?;
        let count = page_number("count", criteria.count, 1.0, f64::from(MAX_PAGE))?;
        let offset = page_number("offset", criteria.offset, 0.0, 9.0e15)?;
        let mut req = ApiRequest::new(Method::Post, format!("{BASE}/search"));
        // LiveVox.NET always sends both; the first page of the largest size is the default.
        req = req
            .query("count", count.unwrap_or(u64::from(MAX_PAGE)).to_string())
            .query("offset", offset.unwrap_or(0).to_string());
        let req = req.json(&SearchBody {
            search: &criteria.search,
            sort: criteria.sort.as_ref(),
        })?;
        Ok(Prepared::new(req, |resp| {
            let reply: SearchReply = super::decode(resp)?;
            Ok(ContactPage::of(
                reply.find_matching_contacts_details,
                reply.next,
            ))
        }))
    }

    /// The contacts matching a filter: `POST /contact/contacts/search?count=&offset=` with
    /// `{search, sort?}`; the reply's `findMatchingContactsDetails` become `contacts`, and
    /// `next` is set while more pages follow.
    pub async fn search(
        &self,
        criteria: &ContactSearch,
        call: &CallOptions,
    ) -> Result<ContactPage> {
        Self::search_call(criteria)?.send(&self.session, call).await
    }

    /// [`Contacts::set_do_not_call`] before it is sent.
    pub fn set_do_not_call_call(account: &str, flags: &DoNotCallFlags) -> Result<Prepared<()>> {
        check_flags(flags)?;
        Ok(Prepared::unit(
            on_contact(Method::Put, account, "/dnd")?.json(flags)?,
        ))
    }

    /// Sets a contact's do-not-call blocks: `PUT /contact/contacts/{account}/dnd` with
    /// `{accountBlock?, updateContactDND?: [{ordinal, phone?, phoneBlock}]}`.
    pub async fn set_do_not_call(
        &self,
        account: &str,
        flags: &DoNotCallFlags,
        call: &CallOptions,
    ) -> Result<()> {
        Self::set_do_not_call_call(account, flags)?
            .send(&self.session, call)
            .await
    }

    /// The session the calls go through.
    pub fn session(&self) -> &Rc<Session> {
        &self.session
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod input_tests;
