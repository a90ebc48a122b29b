use super::*;
use crate::http::HttpRequest;
use crate::livevox::test_support::{path_of, pipeline};
use crate::testing::{json, run, ScriptedTransport, VirtualClock};
use serde_json::{json as j, Value};
use std::cell::RefCell;

const NONE: CallOptions = CallOptions {
    timeout_ms: None,
    cancel: None,
};

fn setup(
    reply: impl Fn(&HttpRequest) -> (u16, String) + 'static,
) -> (Rc<VirtualClock>, Contacts, Rc<ScriptedTransport>) {
    let clock = VirtualClock::new();
    let (p, t) = pipeline(&clock, move |r| {
        let (status, body) = reply(r);
        json(status, &body)
    });
    (
        clock,
        Contacts::new(Session::resume(p, "SID", None).unwrap()),
        t,
    )
}

fn details(account: &str) -> ContactDetails {
    serde_json::from_value(j!({
        "account": account,
        "person": {"firstName": "Ada", "lastName": "Lovelace"},
        "phone": [{"phone": "9192109237", "ordinal": 1, "phoneBlock": "NONE", "smsConsent": true}],
        "city": "Raleigh", "country": "UNITED_STATES_OF_AMERICA", "active": true,
        "customFields": [{"field": "tier", "value": "gold"}]
    }))
    .unwrap()
}

fn body(t: &ScriptedTransport) -> Value {
    let reqs = t.requests.borrow();
    serde_json::from_str(reqs.last().unwrap().body.as_deref().unwrap()).unwrap()
}

#[test]
fn create_sends_create_contact_details_and_reads_the_id() {
    let (clock, c, t) = setup(|_| (201, r#"{"id":"555"}"#.into()));
    let created = run(&clock, c.create(&details("ACC-1001"), &NONE)).unwrap();
    assert_eq!(created.id, "555");
    assert_eq!(t.paths(), ["/contact/contacts"]);
    assert_eq!(
        body(&t),
        j!({"createContactDetails": {
            "account": "ACC-1001",
            "person": {"firstName": "Ada", "lastName": "Lovelace"},
            "phone": [{"phone": "9192109237", "ordinal": 1, "phoneBlock": "NONE", "smsConsent": true}],
            "city": "Raleigh", "country": "UNITED_STATES_OF_AMERICA", "active": true,
            "customFields": [{"field": "tier", "value": "gold"}]
        }})
    );
}

#[test]
fn duplicates_are_conflicts_in_both_forms() {
    let (clock, c, _) = setup(|_| {
        (
            200,
            r#"{"code":202,"message":"Contact already exists!"}"#.into(),
        )
    });
    let e = run(&clock, c.create(&details("ACC-1001"), &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::Conflict);
    assert_eq!(
        (e.vendor_code, e.vendor_message.as_deref()),
        (Some(202), Some("Contact already exists!"))
    );
    let (clock, c, _) = setup(|_| (409, r#"{"code":409,"message":"duplicate"}"#.into()));
    let e = run(&clock, c.create(&details("ACC-1001"), &NONE)).unwrap_err();
    assert_eq!((e.code, e.status), (ErrorCode::Conflict, Some(409)));
}

#[test]
fn update_encodes_the_account_as_one_path_segment() {
    let logged = Rc::new(RefCell::new(Vec::new()));
    let (clock, c, t) = setup(|_| (204, String::new()));
    let mut pipeline = c.session.pipeline().clone();
    let l = logged.clone();
    pipeline.logger = Some(Rc::new(move |e: &crate::client::LogEvent| {
        l.borrow_mut().push(e.path.clone())
    }));
    let c = Contacts::new(Session::resume(pipeline, "SID", None).unwrap());
    let fields = ContactFields {
        city: Some("Durham".into()),
        ..ContactFields::default()
    };
    run(&clock, c.update("ACC 1/2+3", &fields, &NONE)).unwrap();
    let reqs = t.requests.borrow();
    let r = reqs.last().unwrap();
    assert_eq!(r.method, Method::Put);
    assert_eq!(path_of(r), "/contact/contacts/ACC%201%2F2%2B3");
    drop(reqs);
    assert_eq!(body(&t), j!({"updateContactDetails": {"city": "Durham"}}));
    assert_eq!(logged.borrow().as_slice(), ["/contact/contacts/{account}"]);
}

#[test]
fn get_and_list_with_paging() {
    let (clock, c, t) = setup(|r| {
        let p = path_of(r);
        if p.starts_with("/contact/contacts?") {
            (200, r#"{"listContactDetails":[{"account":"A1","active":"true"},{"account":2}],"next":"/contact/contacts?count=2&offset=2"}"#.into())
        } else {
            (200, r#"{"readContactDetails":{"account":"A1","balance":12.5,"phone":[{"phone":9192109237,"ordinal":"1","cellConsent":"false"}]}}"#.into())
        }
    });
    let got = run(&clock, c.get("A1", &NONE)).unwrap();
    assert_eq!(got.fields.balance, Some(12.5));
    let phone = &got.fields.phone.as_ref().unwrap()[0];
    assert_eq!(
        (phone.phone.as_str(), phone.ordinal, phone.cell_consent),
        ("9192109237", 1, Some(false))
    );
    let page = run(
        &clock,
        c.list(
            &ListContactsOptions {
                count: Some(2.0),
                offset: Some(0.0),
            },
            &NONE,
        ),
    )
    .unwrap();
    assert_eq!(page.contacts.len(), 2);
    assert_eq!(page.contacts[1].account, "2");
    assert_eq!(page.contacts[0].fields.active, Some(true));
    assert_eq!(
        page.next.as_deref(),
        Some("/contact/contacts?count=2&offset=2")
    );
    assert_eq!(t.paths()[1], "/contact/contacts?count=2&offset=0");
}

#[test]
fn the_last_page_has_no_next() {
    let (clock, c, _) = setup(|_| (200, r#"{"listContactDetails":[],"next":""}"#.into()));
    let page = run(&clock, c.list(&ListContactsOptions::default(), &NONE)).unwrap();
    assert!(page.contacts.is_empty() && page.next.is_none());
}

#[test]
fn bad_input_is_rejected_before_sending() {
    let (clock, c, t) = setup(|_| (200, "{}".into()));
    let long = "x".repeat(MAX_ACCOUNT_LEN + 1);
    for (account, field) in [
        ("", "account"),
        ("a\nb", "account"),
        (long.as_str(), "account"),
    ] {
        let e = run(&clock, c.create(&details(account), &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some(field))
        );
        let e = run(&clock, c.get(account, &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field));
    }
    let mut d = details("A1");
    d.fields.phone.as_mut().unwrap()[0].ordinal = 11;
    assert_eq!(
        run(&clock, c.create(&d, &NONE))
            .unwrap_err()
            .field
            .as_deref(),
        Some("phone")
    );
    for (count, offset, field) in [
        (Some(0.0), None, "count"),
        (Some(1001.0), None, "count"),
        (None, Some(-1.0), "offset"),
        (Some(1.5), None, "count"),
    ] {
        let e = run(
            &clock,
            c.list(&ListContactsOptions { count, offset }, &NONE),
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field));
    }
    assert_eq!(t.count(), 0);
}

fn search_of(v: Value) -> ContactSearch {
    serde_json::from_value(v).unwrap()
}

#[test]
fn delete_encodes_the_account_and_a_missing_contact_is_not_found() {
    let (clock, c, t) = setup(|r| {
        if path_of(r).ends_with("GONE") {
            (404, r#"{"code":404,"message":"Contact not found"}"#.into())
        } else {
            (204, String::new())
        }
    });
    run(&clock, c.delete("ACC 1/2?#", &NONE)).unwrap();
    let e = run(&clock, c.delete("GONE", &NONE)).unwrap_err();
    assert_eq!(e.code, ErrorCode::NotFound);
    let reqs = t.requests.borrow();
    assert_eq!(reqs[0].method, Method::Delete);
    assert_eq!(path_of(&reqs[0]), "/contact/contacts/ACC%201%2F2%3F%23");
    assert_eq!(reqs[0].body, None);
}

#[test]
fn search_sends_the_filter_and_sort_and_reads_matching_contacts() {
    let (clock, c, t) = setup(|_| {
        (
            200,
            r#"{"findMatchingContactsDetails":[{"account":"A1","city":"Raleigh","createDate":"1700000000000","lvAccountId":77}],"next":"/contact/contacts/search?count=1&offset=1"}"#
                .into(),
        )
    });
    let criteria = search_of(j!({
        "search": {
            "rule": "AND",
            "left": {"field": "city", "criteria": "Raleigh", "condition": "EQUALS"},
            "right": {"rule": "OR", "isNegated": true,
                "left": {"field": "name", "criteria": "Ada", "condition": "STARTS_WITH"},
                "right": {"field": "paymentbalance", "criteria": "100", "condition": "GREATER_EQUAL", "isNegated": false}}
        },
        "sort": [{"field": "LAST_NAME", "order": "DESC"}],
        "count": 1
    }));
    let page = run(&clock, c.search(&criteria, &NONE)).unwrap();
    assert_eq!(page.contacts.len(), 1);
    assert_eq!(page.contacts[0].account, "A1");
    assert_eq!(page.contacts[0].fields.city.as_deref(), Some("Raleigh"));
    // fields floorwalker does not name pass through as sent
    assert_eq!(page.contacts[0].other.get("lvAccountId"), Some(&j!(77)));
    assert_eq!(
        serde_json::to_value(&page.contacts[0]).unwrap()["createDate"],
        j!("1700000000000")
    );
    assert_eq!(
        page.next.as_deref(),
        Some("/contact/contacts/search?count=1&offset=1")
    );
    assert_eq!(t.paths(), ["/contact/contacts/search?count=1&offset=0"]);
    assert_eq!(t.requests.borrow()[0].method, Method::Post);
    assert_eq!(
        body(&t),
        j!({
            "search": {
                "rule": "AND",
                "left": {"field": "city", "criteria": "Raleigh", "condition": "EQUALS"},
                "right": {"rule": "OR", "isNegated": true,
                    "left": {"field": "name", "criteria": "Ada", "condition": "STARTS_WITH"},
                    "right": {"field": "paymentbalance", "criteria": "100", "condition": "GREATER_EQUAL", "isNegated": false}}
            },
            "sort": [{"field": "LAST_NAME", "order": "DESC"}]
        })
    );
}

#[test]
fn search_takes_a_single_condition_and_tolerates_an_empty_reply() {
    let (clock, c, t) = setup(|_| (200, "{}".into()));
    let criteria =
        search_of(j!({"search": {"field": "account", "criteria": "ACC", "condition": "CONTAINS"}}));
    let page = run(&clock, c.search(&criteria, &NONE)).unwrap();
    assert!(page.contacts.is_empty() && page.next.is_none());
    assert_eq!(t.paths(), ["/contact/contacts/search?count=1000&offset=0"]);
    assert_eq!(
        body(&t),
        j!({"search": {"field": "account", "criteria": "ACC", "condition": "CONTAINS"}})
    );
}

#[test]
fn bad_search_and_flags_are_rejected_before_sending() {
    let (clock, c, t) = setup(|_| (204, String::new()));
    let cond = |field: &str, criteria: &str| j!({"search": {"field": field, "criteria": criteria, "condition": "EQUALS"}});
    let long = "x".repeat(256);
    let mut sorted = cond("city", "x");
    sorted["sort"] = j!([{"field": " ", "order": "ASC"}]);
    let mut big = cond("city", "x");
    big["count"] = j!(1001);
    for (v, field) in [
        (cond("", "x"), "search"),
        (cond("city", &long), "search"),
        (sorted, "sort"),
        (big, "count"),
    ] {
        let e = run(&clock, c.search(&search_of(v), &NONE)).unwrap_err();
        assert_eq!(
            (e.code, e.field.as_deref()),
            (ErrorCode::InvalidArgument, Some(field))
        );
    }
    let flags = |v: Value| -> DoNotCallFlags { serde_json::from_value(v).unwrap() };
    for (f, field) in [
        (flags(j!({})), "flags"),
        (flags(j!({"updateContactDND": []})), "flags"),
        (
            flags(j!({"updateContactDND": [{"ordinal": 11, "phoneBlock": "DAILY"}]})),
            "updateContactDND",
        ),
        (
            flags(
                j!({"updateContactDND": [{"ordinal": 1, "phoneBlock": "DAILY"}, {"ordinal": 1, "phoneBlock": "NONE"}]}),
            ),
            "updateContactDND",
        ),
        (
            flags(j!({"updateContactDND": [{"ordinal": 1, "phone": " ", "phoneBlock": "DAILY"}]})),
            "updateContactDND",
        ),
    ] {
        let e = run(&clock, c.set_do_not_call("A1", &f, &NONE)).unwrap_err();
        assert_eq!(e.field.as_deref(), Some(field));
    }
    let ok = flags(j!({"accountBlock": "DAILY"}));
    let e = run(&clock, c.set_do_not_call("a\rb", &ok, &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("account"));
    let e = run(&clock, c.delete("", &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("account"));
    // an unknown field given to create is refused, not sent
    let mut d = details("A1");
    d.other.insert("citty".into(), j!("Raleigh"));
    let e = run(&clock, c.create(&d, &NONE)).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("citty"));
    assert_eq!(t.count(), 0);
}

#[test]
fn set_do_not_call_puts_the_blocks_on_the_contact() {
    let (clock, c, t) = setup(|_| (204, String::new()));
    let flags: DoNotCallFlags = serde_json::from_value(j!({
        "accountBlock": "PERMANENT",
        "updateContactDND": [{"ordinal": 2, "phone": "9195550100", "phoneBlock": "DAILY_OFF"}]
    }))
    .unwrap();
    run(&clock, c.set_do_not_call("ACC/1", &flags, &NONE)).unwrap();
    assert_eq!(t.requests.borrow()[0].method, Method::Put);
    assert_eq!(t.paths(), ["/contact/contacts/ACC%2F1/dnd"]);
    assert_eq!(
        body(&t),
        j!({
            "accountBlock": "PERMANENT",
            "updateContactDND": [{"ordinal": 2, "phone": "9195550100", "phoneBlock": "DAILY_OFF"}]
        })
    );
}

#[test]
fn bad_search_criteria_name_the_option_at_fault() {
    // A filter that matches neither a condition nor a rule is read only once serde has the whole
    // value: the error still names `search`, not the whole options object.
    let e = crate::livevox::strict_read::<ContactSearch>(
        j!({"search": {"field": "city", "criteria": "x", "condition": "LIKE"}}),
    )
    .unwrap_err();
    assert_eq!(
        (e.code, e.field.as_deref()),
        (crate::error::ErrorCode::InvalidArgument, Some("search"))
    );
    // Without the required `search`, the missing field is named.
    let e = crate::livevox::strict_read::<ContactSearch>(j!({"filter": {}})).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("search"));
}

// Every field set (the literal names them all, so a new field fails to compile here until it is
// added): its keys are those `ContactDetails` takes out, and its reader reads each of them.
#[test]
fn contact_details_reader_knows_every_contact_field() {
    let person = Person {
        first_name: Some("Ada".into()),
        last_name: Some("Lovelace".into()),
        email: Some("ada@example.com".into()),
        date_of_birth: Some("1815-12-10".into()),
        ssn: Some("123".into()),
        zip_code: Some("27601".into()),
    };
    let all = ContactFields {
        balance: Some(12.5),
        account_block: Some(Block::Daily),
        person: Some(person.clone()),
        guarantor: Some(person),
        phone: Some(vec![ContactPhone {
            phone: "9195550100".into(),
            ordinal: 1,
            phone_block: Some(Block::None),
            sms_consent: Some(true),
            cell_consent: Some(false),
        }]),
        account_to_speak: Some("1001".into()),
        original_account_number: Some("O-1".into()),
        address1: Some("1 Main St".into()),
        address2: Some("Apt 2".into()),
        city: Some("Raleigh".into()),
        state: Some("NC".into()),
        country: Some("UNITED_STATES_OF_AMERICA".into()),
        amount_to_speak: Some(10.0),
        due_date: Some("1700000000000".into()),
        group_id: Some("G1".into()),
        active: Some(true),
        custom_fields: Some(vec![CustomField {
            field: "tier".into(),
            value: "gold".into(),
        }]),
        primary_email_consent: Some(false),
    };
    let value = serde_json::to_value(&all).unwrap();
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    let mut known = CONTACT_FIELDS.to_vec();
    keys.sort_unstable();
    known.sort_unstable();
    assert_eq!(keys, known);
    assert_eq!(ContactFields::from_json(value.clone()).unwrap(), all);
    let mut contact = value;
    contact["account"] = j!("A1");
    let read = ContactDetails::from_json(contact).unwrap();
    assert_eq!((read.fields, read.other.len()), (all, 0));
}

#[test]
fn contact_details_keep_unknown_fields_and_read_known_ones_leniently() {
    let d: ContactDetails = serde_json::from_str(
        r#"{"account":7,"balance":"12.5","city":null,"active":"true","createDate":"1","x":{"y":1}}"#,
    )
    .unwrap();
    assert_eq!(d.account, "7");
    assert_eq!(d.fields.balance, Some(12.5));
    assert_eq!(d.fields.city, None);
    assert_eq!(d.fields.active, Some(true));
    assert_eq!(
        Value::Object(d.other),
        j!({"createDate": "1", "x": {"y": 1}})
    );
    let e = serde_json::from_str::<ContactDetails>(r#"{"balance":1}"#).unwrap_err();
    assert!(e.to_string().starts_with("missing field `account`"), "{e}");
}

#[test]
fn contact_filter_reads_a_rule_or_a_condition() {
    let f: ContactFilter = serde_json::from_str(
        r#"{"rule":"AND","left":{"field":"city","criteria":"X","condition":"EQUALS"},
            "right":{"rule":"OR","left":{"field":"a","criteria":"1","condition":"LESS"},
                     "right":{"field":"b","criteria":"2","condition":"GREATER","isNegated":true}}}"#,
    )
    .unwrap();
    let ContactFilter::Rule(r) = &f else {
        panic!("{f:?}")
    };
    assert!(matches!(*r.left, ContactFilter::Condition(_)));
    assert!(matches!(*r.right, ContactFilter::Rule(_)));
    for bad in [r#"{"field":"a"}"#, "1", r#""x""#] {
        let e = serde_json::from_str::<ContactFilter>(bad).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("data did not match any variant of untagged enum ContactFilter"),
            "{e}"
        );
    }
}

#[test]
fn contact_filter_nested_to_the_parsers_limit_reads() {
    let cond = r#"{"field":"a","criteria":"1","condition":"EQUALS"}"#;
    let mut text = cond.to_string();
    // serde_json reads values nested at most 127 deep (a rule adds one level): the by-hand
    // reader keeps that limit and adds none.
    for _ in 0..126 {
        text = format!(r#"{{"rule":"AND","left":{text},"right":{cond}}}"#);
    }
    let f: ContactFilter = serde_json::from_str(&text).unwrap();
    assert!(matches!(f, ContactFilter::Rule(_)));
    let deeper = format!(r#"{{"rule":"AND","left":{text},"right":{cond}}}"#);
    assert!(serde_json::from_str::<ContactFilter>(&deeper).is_err());
}

/// What `decode_text` gives for `text`: the value read, as JSON, or the error's message and
/// field.
fn decoded<T: serde::de::DeserializeOwned + crate::wire::FromJson>(
    text: &str,
    show: fn(T) -> String,
) -> String {
    match crate::livevox::decode_text::<T>(text) {
        Ok(v) => show(v),
        Err(e) => format!("Err {} | {:?}", e.message, e.field),
    }
}

fn show_json<T: Serialize>(v: T) -> String {
    serde_json::to_string(&v).unwrap()
}

// Each expectation is what the readers gave before the reply models got their field readers.
#[test]
fn reply_models_read_as_before() {
    let created = |t| decoded::<CreatedContact>(t, show_json);
    let status = |t| decoded::<VendorStatus>(t, |s| show_json((s.code, s.message)));
    let list = |t| decoded::<ListReply>(t, |r| show_json((r.list_contact_details, r.next)));
    let search =
        |t| decoded::<SearchReply>(t, |r| show_json((r.find_matching_contacts_details, r.next)));
    let details = |t| decoded::<ContactDetails>(t, show_json);
    let cases = [
        (created(r#"{"id":"555"}"#), "{\"id\":\"555\"}"),
        (created(r#"{"id":555,"x":1}"#), "{\"id\":\"555\"}"),
        (created(r#"{"id":5.5}"#), "{\"id\":\"5.5\"}"),
        (created(r#"{"id":true}"#), "{\"id\":\"true\"}"),
        (created(r#"{"id":null}"#), "{\"id\":\"\"}"),
        (created(r#"{"id":""}"#), "{\"id\":\"\"}"),
        (created("{}"), "Err The platform's answer was not in the documented format (field `id`: missing field `id`). | Some(\"id\")"),
        (created(r#"{"id":{}}"#), "Err The platform's answer was not in the documented format (field `id`: invalid type: map, expected an optional string or number). | Some(\"id\")"),
        (created(r#"{"id":[1]}"#), "Err The platform's answer was not in the documented format (field `id`: invalid type: sequence, expected an optional string or number). | Some(\"id\")"),
        (created("5"), "Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct CreatedContact). | None"),
        // serde's derive read a list as the fields in order (`invalid length 0, expected struct
        // CreatedContact with 1 element` here; `["5"]` read as `{"id":"5"}`): the field reader
        // takes objects only, as it does for every converted model.
        (created("[]"), "Err The platform's answer was not in the documented format (invalid type: sequence, expected struct CreatedContact). | None"),
        (created(r#""x""#), "Err The platform's answer was not in the documented format (invalid type: string \"x\", expected struct CreatedContact). | None"),
        (created("null"), "Err The platform's answer was not in the documented format (invalid type: null, expected struct CreatedContact). | None"),
        (status(r#"{"code":202,"message":"Contact already exists!"}"#), "[202,\"Contact already exists!\"]"),
        (status(r#"{"code":"202"}"#), "[202,null]"),
        (status(r#"{"code":"x","message":null}"#), "[null,null]"),
        (status(r#"{"code":null}"#), "[null,null]"),
        (status(r#"{"code":{},"message":"m"}"#), "[null,\"m\"]"),
        (status(r#"{"code":2.5}"#), "[null,null]"),
        (status(r#"{"message":5}"#), "Err The platform's answer was not in the documented format (field `message`: invalid type: integer `5`, expected a string). | Some(\"message\")"),
        (status(r#"{"message":{}}"#), "Err The platform's answer was not in the documented format (field `message`: invalid type: map, expected a string). | Some(\"message\")"),
        (status("{}"), "[null,null]"),
        (status("5"), "Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct VendorStatus). | None"),
        // was `[null,null]` (serde's derive read a list as the fields in order); `create` reads
        // the reply as its `CreatedContact` then, which refuses a list as it did.
        (status("[]"), "Err The platform's answer was not in the documented format (invalid type: sequence, expected struct VendorStatus). | None"),
        (status("null"), "Err The platform's answer was not in the documented format (invalid type: null, expected struct VendorStatus). | None"),
        (list(r#"{"listContactDetails":[{"account":"A1","active":"true"},{"account":2}],"next":"/n"}"#), "[[{\"account\":\"A1\",\"active\":true},{\"account\":\"2\"}],\"/n\"]"),
        (list(r#"{"listContactDetails":[],"next":""}"#), "[[],null]"),
        (list(r#"{"listContactDetails":null,"next":null}"#), "[[],null]"),
        (list(r#"{"listContactDetails":[],"next":5}"#), "[[],\"5\"]"),
        (list(r#"{"listContactDetails":[],"next":{}}"#), "[[],null]"),
        (list(r#"{"next":"/n"}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: missing field `listContactDetails`). | Some(\"listContactDetails\")"),
        (list("{}"), "Err The platform's answer was not in the documented format (field `listContactDetails`: missing field `listContactDetails`). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":5}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: integer `5`, expected a sequence). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":"x"}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: string \"x\", expected a sequence). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":{}}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: map, expected a sequence). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":[5]}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: integer `5`, expected a map). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":[null]}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: null, expected a map). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":[{"balance":1}]}"#), "Err The platform's answer was not in the documented format (field `account`: missing field `account`). | Some(\"account\")"),
        (list(r#"{"listContactDetails":[{"account":"a"},{"account":{}}]}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: map, expected an optional string or number). | Some(\"listContactDetails\")"),
        (list(r#"{"listContactDetails":[{"account":[1]}],"next":"/n"}"#), "Err The platform's answer was not in the documented format (field `listContactDetails`: invalid type: sequence, expected an optional string or number). | Some(\"listContactDetails\")"),
        (list("5"), "Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct ListReply). | None"),
        // was `invalid length 0, expected struct ListReply with 2 elements`
        (list("[]"), "Err The platform's answer was not in the documented format (invalid type: sequence, expected struct ListReply). | None"),
        (list("null"), "Err The platform's answer was not in the documented format (invalid type: null, expected struct ListReply). | None"),
        (search(r#"{"findMatchingContactsDetails":[{"account":"A1","city":"Raleigh","createDate":"1700000000000","lvAccountId":77}],"next":"/s"}"#), "[[{\"account\":\"A1\",\"city\":\"Raleigh\",\"createDate\":\"1700000000000\",\"lvAccountId\":77}],\"/s\"]"),
        (search("{}"), "[[],null]"),
        (search(r#"{"findMatchingContactsDetails":null,"next":null}"#), "[[],null]"),
        (search(r#"{"findMatchingContactsDetails":[],"next":true}"#), "[[],\"true\"]"),
        (search(r#"{"findMatchingContactsDetails":5}"#), "Err The platform's answer was not in the documented format (field `findMatchingContactsDetails`: invalid type: integer `5`, expected a sequence). | Some(\"findMatchingContactsDetails\")"),
        (search(r#"{"findMatchingContactsDetails":{}}"#), "Err The platform's answer was not in the documented format (field `findMatchingContactsDetails`: invalid type: map, expected a sequence). | Some(\"findMatchingContactsDetails\")"),
        (search(r#"{"findMatchingContactsDetails":[true]}"#), "Err The platform's answer was not in the documented format (field `findMatchingContactsDetails`: invalid type: boolean `true`, expected a map). | Some(\"findMatchingContactsDetails\")"),
        (search(r#"{"findMatchingContactsDetails":[{}]}"#), "Err The platform's answer was not in the documented format (field `account`: missing field `account`). | Some(\"account\")"),
        (search(r#"{"findMatchingContactsDetails":[{"account":null,"x":1}]}"#), "[[{\"account\":\"\",\"x\":1}],null]"),
        (search(r#"{"findMatchingContactsDetails":[{"account":{"a":1}}]}"#), "Err The platform's answer was not in the documented format (field `findMatchingContactsDetails`: invalid type: map, expected an optional string or number). | Some(\"findMatchingContactsDetails\")"),
        (search("5"), "Err The platform's answer was not in the documented format (invalid type: integer `5`, expected struct SearchReply). | None"),
        (search("null"), "Err The platform's answer was not in the documented format (invalid type: null, expected struct SearchReply). | None"),
        (details(r#"{"account":"A1","balance":12.5,"phone":[{"phone":9192109237,"ordinal":"1","cellConsent":"false","phoneBlock":"DAILY"}],"person":{"firstName":"Ada","ssn":5},"customFields":[{"field":"tier","value":null}],"createDate":"1"}"#), "{\"account\":\"A1\",\"balance\":12.5,\"person\":{\"firstName\":\"Ada\",\"ssn\":\"5\"},\"phone\":[{\"phone\":\"9192109237\",\"ordinal\":1,\"phoneBlock\":\"DAILY\",\"cellConsent\":false}],\"customFields\":[{\"field\":\"tier\",\"value\":\"\"}],\"createDate\":\"1\"}"),
        (details(r#"{"account":7,"balance":"12.5","city":null,"active":"true","createDate":"1","x":{"y":1}}"#), "{\"account\":\"7\",\"balance\":12.5,\"active\":true,\"createDate\":\"1\",\"x\":{\"y\":1}}"),
        (details(r#"{"account":"a","balance":{},"phone":[{"phone":"1","ordinal":"x"}],"person":5,"accountBlock":"NOPE","customFields":[{"value":"v"}],"amountToSpeak":"1e400"}"#), "{\"account\":\"a\"}"),
        (details(r#"{"account":null}"#), "{\"account\":\"\"}"),
        (details(r#"{"balance":1}"#), "Err The platform's answer was not in the documented format (field `account`: missing field `account`). | Some(\"account\")"),
        (details(r#"{"account":{}}"#), "Err The platform's answer was not in the documented format (invalid type: map, expected an optional string or number). | None"),
        (details(r#"{"city":"x","account":[],"state":"y"}"#), "Err The platform's answer was not in the documented format (invalid type: sequence, expected an optional string or number). | None"),
        (details("5"), "Err The platform's answer was not in the documented format (invalid type: integer `5`, expected a map). | None"),
        (details("[]"), "Err The platform's answer was not in the documented format (invalid type: sequence, expected a map). | None"),
        (details("null"), "Err The platform's answer was not in the documented format (invalid type: null, expected a map). | None"),
    ];
    let mut got = String::new();
    for (g, want) in &cases {
        if g != want {
            got.push_str(&format!("{g:?}\n"));
        }
    }
    assert!(got.is_empty(), "{got}");
}

// What a caller's contact (`create`) gave before `ContactDetails` got its field reader: its
// `Deserialize` reads callers' values too.
#[test]
fn contact_details_given_by_a_caller_read_as_before() {
    let read = |v: Value| match crate::livevox::strict_read::<ContactDetails>(v) {
        Ok(d) => show_json(d),
        Err(e) => format!("Err {:?} {} | {:?}", e.code, e.message, e.field),
    };
    let cases = [
        (read(j!({"account": "A1", "city": "Raleigh", "citty": 1})), "{\"account\":\"A1\",\"city\":\"Raleigh\",\"citty\":1}"),
        (read(j!({"account": {}})), "Err InvalidArgument options is not valid: invalid type: map, expected an optional string or number. | Some(\"options\")"),
        (read(j!({"city": "x", "account": [1]})), "Err InvalidArgument options is not valid: invalid type: sequence, expected an optional string or number. | Some(\"options\")"),
        (read(j!({"account": null})), "{\"account\":\"\"}"),
        (read(j!({"city": "x"})), "Err InvalidArgument account is not valid: missing field `account`. | Some(\"account\")"),
        (read(j!({"account": "a", "balance": "x"})), "Err InvalidArgument balance is not a known option or has a value of the wrong type. | Some(\"balance\")"),
        (read(j!({"account": "a", "phone": [{"ordinal": 1}]})), "Err InvalidArgument phone is not a known option or has a value of the wrong type. | Some(\"phone\")"),
        (read(j!({"account": "a", "person": {"firstName": {}}})), "Err InvalidArgument person.firstName is not a known option or has a value of the wrong type. | Some(\"person.firstName\")"),
        (read(j!(5)), "Err InvalidArgument options is not valid: invalid type: integer `5`, expected a map. | Some(\"options\")"),
        (read(j!([])), "Err InvalidArgument options is not valid: invalid type: sequence, expected a map. | Some(\"options\")"),
        (read(j!("x")), "Err InvalidArgument options is not valid: invalid type: string \"x\", expected a map. | Some(\"options\")"),
        (read(j!(null)), "Err InvalidArgument options is not valid: invalid type: null, expected a map. | Some(\"options\")"),
    ];
    let mut got = String::new();
    for (g, want) in &cases {
        if g != want {
            got.push_str(&format!("{g:?}\n"));
        }
    }
    assert!(got.is_empty(), "{got}");
}
