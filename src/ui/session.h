// Everything personal, owned by the signed-in session (ImHex's PerProvider<T>, with the session
// as the owner). App keeps exactly one Session: a fresh, empty one is made when someone signs in
// and when the session ends — by logout, idle logout or the server ending it — in one statement
// (App::EndSession). Nothing personal lives anywhere else, so nothing has to be listed to be
// forgotten: before this, App held each screen's state and two hand-kept reset lists had drifted
// apart, and the drafts list of a user whose session the server ended was drawn for the next
// person who signed in on the same tab.
//
// Replies and events that arrive after their session ended are dropped by construction: the API
// client drops any reply to a call sent under another session (ApiClient::Finish), and what the
// UI asks on the session's behalf goes through Session::Guard, which holds only a weak reference.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/api_client.h"
#include "client/document_check.h"
#include "client/event_stream.h"
#include "client/form_session.h"
#include "client/load_gate.h"
#include "client/room_documents.h"
#include "client/room_proposals.h"
#include "client/room_session.h"
#include "core/application_list.h"
#include "core/appointments.h"
#include "core/forms/form_schema.h"
#include "core/payments.h"
#include "core/qr.h"
#include "core/support.h"

namespace ui {

struct ProfileState {
    client::LoadGate load;        // GET /profile, asked again when a change is announced meanwhile
    bool loaded = false;
    client::ApiError error;
    nlohmann::json data, verified;
    int version = 0;
    // Editing: typed text per field path, messages per field path, lists edited as JSON.
    bool editing = false;
    std::map<std::string, std::string> text;
    std::map<std::string, core::Message> errors;
    nlohmann::json family, vehicles;
    bool confirm_open = false, saving = false;
    std::string notice;
    // History
    bool versions_loading = false;
    nlohmann::json versions;           // [{version, reason, created_at}]
    int selected_version = 0;
    nlohmann::json selected;           // the selected version's body
    bool restore_confirm_open = false;
    // Consents, security
    nlohmann::json consents, consent_purposes, sessions, log;
    bool totp_setup_open = false;
    std::string totp_secret, totp_uri, totp_code, totp_error;
    std::string totp_recovery_codes;  // shown once after enabling
    // Signing in by e-mail: only once the profile's e-mail is confirmed with a code.
    bool email_known = false, email_confirmed = false;
    std::string email, email_challenge, email_code, email_error;
};

// The form screen's own state (what the session in client::FormSession does not hold): which
// messages are shown, the error summary, focus requests, the applications and drafts lists.
struct FormUi {
    std::map<std::string, core::Message> errors; // path -> message, shown under the field
    std::vector<core::forms::FormError> summary; // the error summary of the current step
    std::string focus;                           // path of the field to focus next frame
    bool return_to_review = false;               // «Изменить» from «Проверьте данные»
    std::string file_field;                      // the file field a picker was opened for
    std::map<std::string, core::Message> file_errors;  // field -> why a file was refused
    double submit_seconds = -1;                  // «Отправить» → number on screen
    std::string copied_from;                     // the refused application this one was filled from
    std::vector<bool> save_to_profile;           // after submission: which answers to save
    bool profile_saving = false;
    std::string profile_notice;
    client::ApiError profile_error;
    // «Мои заявления» and «Черновики»
    client::LoadGate lists_load;                 // every page, then the drafts
    nlohmann::json applications = nlohmann::json::array(), drafts = nlohmann::json::array();
    client::ApiError lists_error;
    std::string delete_draft;                    // form code waiting for confirmation
    bool delete_open = false;
    // The submitted list's search, status filter and sort, and what they select (computed when
    // the list or the filter changes: core::FilterApplications).
    core::ApplicationFilter filter;
    int applications_version = 0, shown_version = -1;
    core::ApplicationFilter shown_for;
    std::vector<size_t> shown;
    std::vector<std::string> status_codes;       // the statuses the list has (the filter offers them)
    int codes_version = -1;
    // Heights of the application cards as last drawn (0: not yet), for stepping over those out of
    // view; valid for one width, language, text size and list version.
    std::vector<float> card_h;
    float card_h_typical = 0, card_h_width = 0, card_h_scale = 0;
    int card_h_lang = -1, card_h_version = -1;
};

// One application opened from «Мои заявления»: its detail with the timeline, and the cancel dialog.
struct TrackerState {
    std::string number;          // the one loaded (the route's parameter)
    nlohmann::json detail;       // GET /applications/{number}
    client::LoadGate load;
    client::ApiError error;
    bool cancel_open = false, cancelling = false;
    client::ApiError action_error;
    std::string notice;
    std::string answer;          // «Ваш ответ» being typed (kept across reloads of the detail)
    bool answering = false;
    core::Message answer_file_error;  // a chosen file refused on the device (type, size, count)
};

// «Документы»: the wallet, and one document opened from it (checked and decrypted on the device).
struct WalletState {
    nlohmann::json items;            // GET /documents
    // Each item's statement checked once when the list arrives (an Ed25519 verification per
    // document per frame would cost the 2 ms frame budget with a few hundred documents).
    std::vector<client::DocumentCheck> checks;
    bool loading = false;
    client::ApiError error;
    std::string code;                // the document opened (the route's parameter)
    bool open_loading = false, open_loaded = false;
    client::ApiError open_error;
    client::DocumentCheck check;     // its statement, verified against the pinned agency keys
    nlohmann::json content;          // decrypted with the holder's key; empty when it did not open
    bool content_failed = false;
    core::QrCode qr;                 // the verification link as a QR code, made once per document
    std::string qr_text;
};

// «Кто смотрел мои данные».
struct DataAccessState {
    nlohmann::json items, organisations;
    std::string who;                 // filter: one organisation, or all
    int period = 0;                  // filter: 0 all time, 1 the last 7 days, 2 30 days, 3 a year
    bool loading = false;
    client::ApiError error;
};

// «Уведомления»: the unread counter (kept live from the session's start), the feed with its
// filters and selection, and the settings being edited.
struct NotificationsState {
    int unread = -1;                 // -1: not known yet
    long long announced = 0;         // the newest notification said aloud (each is said once)
    bool counter_asked = false;
    nlohmann::json items = nlohmann::json::array();
    long long next = 0;              // `before` of the next page; 0 when there is none
    bool loading = false, loaded = false, loading_more = false;
    int generation = 0;              // a reply to an older filter is dropped
    client::ApiError error;
    // Filters: what is typed, and what was last asked.
    std::string query, asked_query;
    int period = 0;                  // 0 all time, 1 today, 2 the last 7 days, 3 30 days
    int type = -1;                   // -1 all, else core::NotificationTypeCode(type)
    bool unread_only = false;
    std::set<long long> selected;    // ids ticked for a bulk action
    bool delete_open = false, busy = false;
    std::string notice;              // catalog key: what the last bulk action did
    long long notice_n = 0;
    // Laid-out rows (a feed of 5,000 draws only what is visible): their tops and their words,
    // made again when the items (items_version), the width, the language or the text size change.
    int items_version = 0;
    std::vector<float> row_top;
    std::vector<std::string> row_title, row_second;
    float laid_out_width = -1, laid_out_scale = 0;
    int laid_out_lang = -1, laid_out_version = -1;
    // Settings
    nlohmann::json settings;         // as loaded / saved
    nlohmann::json edited;           // the form
    bool quiet_on = false;
    std::string quiet_from = "22:00", quiet_to = "08:00";
    std::string quiet_error;         // catalog key
    bool settings_loading = false, settings_saving = false;
    client::ApiError settings_error;
    bool settings_saved = false;
    bool settings_dirty = false;     // changed on screen, not saved: a reload does not overwrite it
};

// «Начисления и платежи»: the charges (all of them, ≤ 200, filtered on the device), the payment
// history (filtered by the backend), one charge opened to be paid.
struct PaymentsState {
    std::vector<core::Charge> charges;
    long long unpaid = 0, unpaid_total = 0;  // kopecks: the summary line, counted once per load
    // A change announced (payment_changed) while a load was on its way: the reply may predate it,
    // so another load follows. Dropping the announcement left a new fine off the list.
    client::LoadGate load;
    bool loaded = false;
    client::ApiError error;
    int kind = -1;                   // filter: -1 every kind, else core::ChargeKind
    int show = 0;                    // filter: 0 to pay, 1 paid, 2 all
    // History
    std::vector<core::Payment> history;
    int history_kind = -1;           // -1 every kind
    int history_period = 0;          // 0 all time, 1 the last 7 days, 2 30 days, 3 a year
    bool history_loading = false, history_loaded = false;
    int history_generation = 0;      // a reply to an older filter is dropped
    client::ApiError history_error;
    // The charge opened (the route's parameter)
    std::string id;
    core::Charge charge;
    client::LoadGate open_load;
    bool open_loaded = false;
    client::ApiError open_error;
    bool paying = false;             // «Оплатить» sent: the button waits (a double click pays once)
    client::ApiError pay_error;
    std::string notice;              // catalog key
};

// «Совместные решения» (SPEC §7, docs/rooms.md): the rooms and the invitations, and the room
// opened — what client::RoomSession verified, plus what this screen shows and is typing.
struct RoomsState {
    // «Вы», the name a member gave, or «Участник 3fA9c1» while it is not known.
    std::string MemberName(const client::RoomSession& room, const std::string& key) const;
    client::LoadGate load;           // GET /rooms and GET /invitations
    bool loaded = false;
    client::ApiError error;
    nlohmann::json rooms = nlohmann::json::array(), invitations = nlohmann::json::array();
    bool create_open = false, creating = false;
    std::string new_title, title_error;   // title_error: catalog key
    int new_kind = 0;                     // index into kRoomKinds (view_rooms.cpp)
    client::ApiError create_error;
    std::string answering;                // the invitation being accepted or declined
    client::ApiError answer_error;
    // The room opened (the route's parameter); its journal and keys are in Session::room.
    bool started = false;                 // Session::room knows the user and their keys
    std::string shown_room;               // the room the state below belongs to
    int tab = 0;                          // 0 chat, 1 proposals, 2 documents, 3 members, 4 journal, 5 deadlines
    std::map<std::string, std::string> names;  // Ed25519 key -> «Иванов И. И.» (GET /rooms/{id}/members)
    nlohmann::json room_invitations = nlohmann::json::array();
    size_t synced_members = 0;            // members the key was last sealed for (SyncKeys again when it grows)
    int synced_epoch = -1;
    bool syncing = false;
    client::ApiError action_error;        // the last thing done in the room failed
    std::string notice;                   // catalog key: what the last action did
    // Chat
    std::string message;
    bool sending = false;
    long long seen_message = 0;           // the newest message id shown on the chat tab
    int unread = 0;                       // arrived while another tab was open
    long long read_posted = 0;            // the read marker last sent (POST /rooms/{id}/read)
    double read_due = 0;                  // when it is sent (App::Now), 0: nothing waits
    long long read_at_open = -1;          // the marker when the room was opened (-1 unknown): later ones are «новое»
    bool loading_older = false;
    core::Message file_error;             // the file just chosen for the chat was refused
    std::string downloading;              // the chat file being fetched (attachment id)
    std::unordered_map<long long, float> msg_h;  // message id -> height drawn (for skipping those out of view)
    float msg_h_width = 0, msg_h_scale = 0;
    int msg_h_lang = -1;
    // Proposals: counted from the journal when it grows and when a deadline passes, not per frame
    // (each count verifies the votes' delegations against the members).
    std::vector<client::ProposalState> proposals;
    long long counted_seq = -2, recount_at = 0;
    bool propose_open = false, proposing = false;
    std::string p_title, p_text;
    int p_rule = 1, p_quorum = 50, p_deadline = 2;   // p_deadline: index into kDeadlines
    std::map<std::string, core::Message> p_errors;
    std::string voting;                   // the proposal a vote is on its way for
    // Documents: counted from the journal when it grows (each signature is verified).
    std::vector<client::RoomDocument> documents;
    long long documents_seq = -2;
    bool doc_open = false, doc_saving = false;
    std::string doc_id;                   // the document a new version is being written for ("" new)
    long long doc_version = 1;
    std::string d_title, d_text, d_error; // d_error: catalog key
    std::string doc_busy;                 // a request or signature on its way for this document
    int sign_term = 2;                    // «Подписать в течение»: index into 1/3/7/14/30 days
    std::string submit_form;              // the service a signed document is submitted to (form code)
    std::string submitted_number;         // the joint application just submitted
    // People
    std::string invite_to;
    int invite_role = 2;                  // index into kInviteRoles: participant
    std::string invite_error;             // catalog key
    bool inviting = false, adding = false;
    std::string remove_member;            // the key a removal is being confirmed for
    bool remove_open = false, removing = false;
    std::string withdrawing;              // the proposal a withdrawal is on its way for
    // Delegations of votes (counted with the proposals)
    std::vector<core::Delegation> delegations;
    std::string delegating;               // the representative a delegation is on its way for
    std::string role_changing;            // the member a role change is on its way for
    int delegate_to = 0;                  // index among the representatives offered
    int delegate_term = 1;                // index into kDelegationTerms (view_room.cpp)
};

// «Запись на приём» (SPEC §11, docs/appointments.md): my bookings, and the booking being made or
// moved — office, then day, then time — whose choices survive a slot lost to somebody else.
struct AppointmentsState {
    client::LoadGate load;                // GET /appointments
    bool loaded = false;
    client::ApiError error;
    std::vector<core::Appointment> items; // newest start first, as the backend sends them
    std::string cancel_id;                // the booking a cancellation is being confirmed for
    bool cancel_open = false, cancelling = false;
    client::ApiError action_error;
    std::string notice;                   // catalog key: what the last action did
    int new_service = -1;                 // «Записаться на приём»: the service chosen (catalog index)
    // The booking flow (Screen::AppointmentNew with a service, AppointmentMove with a booking)
    std::string flow;                     // the route it belongs to ("new:<service>" / "move:<id>")
    std::string service, moving, application;
    std::vector<core::Office> offices;
    bool offices_loading = false;
    client::ApiError offices_error;
    std::string office;
    std::vector<core::SlotDay> days;
    int days_generation = 0;              // a reply for another office is dropped
    bool days_loading = false;
    client::ApiError days_error;
    double days_ms = -1;                  // the last 60-day search, request to parsed (shown nowhere; bench reads it)
    std::string day;
    std::vector<core::Slot> slots;
    int slots_generation = 0;
    bool slots_loading = false;
    client::ApiError slots_error;
    long long start = 0;                  // the slot chosen
    int scroll_to = 0;                    // 1: bring the times into view (a day was chosen), 2: the confirmation
    std::string comment, comment_error;   // comment_error: catalog key
    bool booking = false;                 // «Записаться» sent: the button waits (a double click books once)
    client::ApiError book_error;
    std::string taken_notice;             // catalog key: the slot went to somebody else meanwhile
    std::string idempotency_key;          // one per booking attempt: a retry after a lost answer books once
};

// «Обратная связь», «Обращения» and the support chat (docs/support.md).
struct SupportState {
    // GET /support/topics: what a new appeal offers and the desk's key (files are sealed to it).
    std::vector<std::string> topics, service_types;
    std::vector<uint8_t> desk_key;
    bool topics_loading = false;
    client::ApiError topics_error;
    // The list and its filters (status: -1 all, else core::AppealStatus; period: 0 all, 1 day,
    // 2 week, 3 month; service: "" all, else a service type).
    client::LoadGate list_load;
    bool list_loaded = false;
    client::ApiError list_error;
    std::vector<core::Appeal> appeals;
    int status = -1, period = 0;
    std::string service;
    // A new appeal: kept while the person goes elsewhere and comes back (nothing typed is lost).
    int topic = -1, service_type = -1;
    std::string text;
    std::map<std::string, core::Message> errors;   // topic, service_type, text, files
    bool sending = false;
    client::ApiError send_error;
    std::string idempotency_key;                   // one per appeal: a retry after a lost answer makes one
    // The appeal opened (the route's number) and what is being written to it.
    std::string number;
    core::Appeal appeal;
    client::LoadGate appeal_load;
    bool appeal_loaded = false;
    client::ApiError appeal_error;
    std::string comment;
    core::Message comment_error;
    bool commenting = false, marking = false;
    client::ApiError action_error;
    std::string notice;                            // catalog key: what the last action did
    std::string downloading;                       // the attachment id on its way
    // The chat.
    core::SupportChat chat;
    bool chat_loaded = false, chat_loading = false, chat_again = false;
    client::ApiError chat_error;
    nlohmann::json suggestions;                    // [{id, question, answer}] in the language asked
    int suggestions_lang = -1;
    std::string chat_text;
    core::Message chat_file_error;
    bool chat_sending = false, chat_switching = false;
    client::ApiError chat_send_error;
    double typing_until = 0;                       // the operator types (support_typing) until then
    bool scroll_to_end = false;
};

// «Общий календарь событий»: appointments, answer dates, payments due, rooms' votes.
struct CalendarState {
    client::LoadGate load;
    bool loaded = false;
    client::ApiError error;
    std::vector<core::CalendarEntry> entries;  // by time
    std::vector<long> entry_day;          // each entry's local day (core::DaysFromCivil), found at load, not per frame
    // Words made once per load and language, not per frame (a frame of the month view formatted 42
    // day names and ~80 times through the browser's localtime: p95 6.8 ms with 500 entries).
    std::vector<std::string> entry_line;  // «14:10  Оплатить до срока: …» per entry
    int lines_lang = -1;
    std::vector<std::string> cell_names;  // the month grid's 42 spoken names
    int cells_month = -1, cells_lang = -1;
    std::vector<float> group_h;           // list view: each day's card height as last drawn (skipping those out of view)
    float group_w = 0;
    int group_lang = -1;
    long long from = 0, to = 0;           // the range loaded
    int view = 0;                         // 0 month, 1 week, 2 list
    core::Date cursor;                    // a day of the month / week shown (today at first)
    int selected_day = -1;                // month view: the grid cell opened on a phone
};

class Session {
public:
    explicit Session(client::ApiClient& api) : form(api), answer_files(api), room_files(api), appeal_files(api), chat_files(api), room(api), live(api, api.GetTransport()) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // A callback that runs only while this session exists.
    template <class F>
    std::function<void(client::ApiResult)> Guard(F f) const {
        std::weak_ptr<int> alive = alive_;
        return [alive, f = std::move(f)](client::ApiResult r) mutable {
            if (alive.expired()) return;  // the session ended while the reply was on its way
            f(std::move(r));
        };
    }

    ProfileState profile;
    FormUi form_ui;
    TrackerState tracker;
    WalletState wallet;
    DataAccessState data_access;
    NotificationsState notifications;
    PaymentsState payments;
    client::FormSession form;                   // the application being filled in
    client::Uploads answer_files;               // files for the answer to the agency (TrackerState)
    client::Uploads room_files;                 // files for the next chat message of the room shown
    client::Uploads appeal_files;               // files for a new appeal or the next comment
    client::Uploads chat_files;                 // files for the next support chat message
    RoomsState rooms;
    AppointmentsState appointments;
    CalendarState calendar;
    SupportState support;
    client::RoomSession room;                   // the room opened: its verified journal, keys and chat
    std::vector<int> recent_services;           // catalog indices opened, newest first
    std::string copy_from;                      // «Подать заново»: the application whose answers fill the new one

    // Live events: the stream, and the bus screens subscribe to. Declared in this order so that
    // subscriptions go first, then the stream (closed), then the bus.
    client::EventBus bus;
    client::EventStream live;
    std::vector<client::EventBus::Subscription> subscriptions;
    double live_back_at = -1;                   // when the stream came back after a drop

    // For callbacks that are not API replies (the room's): expired once the session ended.
    std::weak_ptr<int> Alive() const { return alive_; }

private:
    std::shared_ptr<int> alive_ = std::make_shared<int>(0);
};

}  // namespace ui
