/* The booking-kiosk application: the state every screen shares (store,
 * signed-in actor, screen stack, intake in progress), the screen table, scan
 * routing and the event-driven main loop. The UI thread owns the store. */
#ifndef KIOSK_UI_APP_H
#define KIOSK_UI_APP_H

#include "core/auth.h"
#include "core/clock.h"
#include "core/codes.h"
#include "core/consular.h"
#include "core/iaq.h"
#include "core/intake.h"
#include "core/report.h"
#include "core/request.h"
#include "core/store.h"
#include "drivers/hidkbd/wedge.h"
#include "records/records.h"
#include "drivers/scanner.h"
#include "ui/platform.h"
#include "ui/theme.h"
#include "ui/ui.h"
#include "ui/widgets.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#define APP_STACK_MAX    12
#define APP_SCANNERS_MAX 4

enum screen_id {
    SCREEN_SIGNIN = 0,
    SCREEN_HOME,
    SCREEN_INTAKE,
    SCREEN_SCAN,
    SCREEN_IDRESULT,
    SCREEN_MANUALID,
    SCREEN_KNOWN,
    SCREEN_IAQ,
    SCREEN_REVIEW,
    SCREEN_DONE,
    SCREEN_CONSULAR,
    SCREEN_BOARD,
    SCREEN_DETAIL,
    SCREEN_COMMS,
    SCREEN_COMMS_ITEM,
    SCREEN_BACKLOG,
    SCREEN_USERS,
    SCREEN_AUDIT,
    SCREEN_SETTINGS,
    SCREEN_HELP,
    SCREEN_NATIONALITY,
    SCREEN_AFTER,     /* issue 10: DHS notification, detainer, release */
    SCREEN_NATLATER,  /* issue 10: nationality learned after intake */
    SCREEN_FIND,      /* issue 10: find intakes by booking number and name */
    SCREEN_SUPERSEDE, /* issue 10: a used booking number, supervisor supersedes */
    SCREEN_HISTORY,
    SCREEN_SHIFT,
    SCREEN_PERIOD,
    SCREEN_COUNT
};

struct app;

/* One screen (one file each, screen_*.c). roles: who may open it (an OR of
 * enum auth_role; 0 = anyone signed in or not). */
struct screen {
    const char *title;
    unsigned roles;
    void (*enter)(struct app *a);                      /* pushed or returned to; may be NULL */
    void (*frame)(struct app *a, struct ui_rect body); /* draw + handle input */
    /* A scan arrived while this screen is on top; false = not expected here. */
    bool (*scan)(struct app *a, const struct scan_event *ev);
    void (*leave)(struct app *a); /* popped; free what enter loaded; may be NULL */
};

extern const struct screen screen_signin, screen_home, screen_intake, screen_scan, screen_idresult,
    screen_manualid, screen_known, screen_iaq, screen_review, screen_done, screen_consular,
    screen_board, screen_detail, screen_comms, screen_comms_item, screen_backlog, screen_users,
    screen_audit, screen_settings, screen_help, screen_nationality, screen_after, screen_natlater,
    screen_find, screen_supersede, screen_history, screen_shift, screen_period;

/* Sign-in screen state. */
struct signin_state {
    struct auth_pick *users; /* malloc'ed by auth_user_pick_list, freed on leave */
    size_t nusers;
    struct w_list list;
    char badge[AUTH_BADGE_MAX];       /* chosen badge; "" = still picking */
    char badge_entry[AUTH_BADGE_MAX]; /* badge typed by hand or by a wedge scanner */
    char pin[AUTH_PIN_MAX + 1];
    char message[160];
    enum theme_status message_kind;
    bool idle_locked; /* shown after an idle lock */
};

/* Which field the IAQ form edits. */
enum iaq_edit {
    IAQ_F_FAMILY = 0,
    IAQ_F_FIRST,
    IAQ_F_MIDDLE,
    IAQ_F_SUFFIX,
    IAQ_F_DOB,
    IAQ_F_SEX,
    IAQ_F_POB,
    IAQ_F_NATIONALITY,
    IAQ_F_OFFENSE,
    IAQ_F_MOTHER,
    IAQ_F_FATHER,
    IAQ_F_OLN,
    IAQ_F_ARN,
    IAQ_F_FBI,
    IAQ_F_SID,
    IAQ_F_COUNT
};

/* The intake in progress, from the start screen to the confirmation. */
struct intake_flow {
    char booking[INTAKE_BOOKING_MAX];
    char charges[INTAKE_CHARGES_MAX][8];
    int ncharges;
    char search[40];
    const struct code_offense *hits[64];
    int nhits;
    struct w_list hit_list;
    /* The scanned document (from the core's AAMVA parser). */
    bool have_doc;
    json_t *doc;       /* id parse JSON (owned), passed to intake_add */
    bool doc_valid;    /* the core's verdict */
    char verdict[160]; /* VALID GOVERNMENT ID / reasons */
    char doc_name[256], doc_dob[16], doc_sex[16], doc_issuer[64], doc_number[24], doc_expiry[16];
    char repairs[256];
    bool photo_mismatch; /* the card was discarded: its photo was not this person */
    bool name_confirmed; /* the deputy confirmed the name shortened for NAM/ */
    /* Personal knowledge / manual document. */
    char known_reason[200];
    char cosigned_reason[200]; /* the reason as the supervisor co-signed it */
    char cosign_badge[AUTH_BADGE_MAX];
    char cosign_pin[AUTH_PIN_MAX + 1];
    char manual_kind[32]; /* one of intake_manual_kinds(), "" = not chosen */
    char manual_issuer[8];
    char manual_number[32];
    char manual_expiry[16]; /* "" until the deputy sets it (no default) */
    struct w_date_text expiry_text;
    bool manual_attest;
    bool manual_recorded; /* the recorded exemption was a hand-entered ID */
    /* IAQ form. */
    struct iaq_fields iaq;
    struct iaq_problems problems;
    enum iaq_edit editing;
    struct w_date_text dob_text; /* the date of birth as typed */
    char picker_search[40];
    struct w_list picker_list;
    const struct code_place *picks[64];
    int npicks;
    struct w_list field_list;
    /* Outcome. */
    enum intake_basis basis;
    int64_t requeue_id; /* correcting a needs_info request (0 = a new intake) */
    int64_t intake_id, request_id;
    char message[200];
    bool consular_needed;
    /* Consular step (loaded on entry and after each action). */
    struct consular_record consular;
    bool have_consular;
    char consulate[96];
    char method[16];
    /* issue 10: the nationality answer of the exemption paths ("not
     * known"; a list in iaq.nationality, ["US"] = US citizen), the exemption
     * waiting for it, and the ID's notice (IIN 636027). */
    bool nationality_not_known;
    enum intake_basis pending_basis;
    char notice[200];
    char booked_at[24];         /* "YYYY-MM-DD HH:MM" in the kiosk zone, "" = now (48-hour clock) */
    char supersede_reason[200]; /* a supervisor replacing the intake under this number */
    bool ask_nationality;       /* the ID's verdict asks the nationality step */
};

struct board_state {
    struct request_row *rows; /* request_list result, freed on refresh/leave */
    size_t nrows;
    enum request_state filter; /* 0 = every open request */
    struct w_list list;
    struct consular_record *consular;
    size_t nconsular;
    kiosk_ms_t loaded;
    int64_t detail_id;
    struct request_detail detail;
    bool have_detail;
    struct request_event *events;
    size_t nevents;
    char cancel_reason[200];
    bool cancelling;
    char message[200];
    enum theme_status message_kind;
};

struct comms_state {
    struct request_row *rows;
    size_t nrows;
    struct w_list list;
    kiosk_ms_t loaded;
    int64_t id;
    char iaq_text[2048];
    struct request_row row;
    char mules_ref[32];
    char response[1024];
    char note[256];
    int disposition; /* index into request_dispositions(), -1 none */
    int mode;        /* 0 actions, 1 transmit, 2 respond, 3 needs info */
    char message[200];
    enum theme_status message_kind;
};

struct admin_state {
    struct report_backlog report;
    bool have_report;
    struct auth_user *users; /* malloc'ed by auth_user_list_as (admin), freed on leave */
    size_t nusers;
    bool users_refused;                /* the core would not list users to this actor */
    char unlock_badge[AUTH_BADGE_MAX]; /* typed by a supervisor who cannot list users */
    struct w_list list;
    struct audit_row *audit;
    size_t naudit;
    int audit_sel; /* the row whose record is shown under the list, -1 = none */
    bool chain_ok;
    int64_t chain_rows;
    char chain_msg[160];
    kiosk_ms_t last_review;
    char note[200];
    struct store_settings settings;
    int setting_sel;
    bool confirm_disable; /* Users: "Disable…" asked, waiting for yes/keep */
    char setting_value[64];
    char message[200];
    enum theme_status message_kind;
    struct w_list help_scroll;
    /* Backlog: the list behind the tile tapped (0 = none, charts shown). */
    int drill;
    struct request_row *drill_rows; /* malloc'ed on the tap, freed on the next/leave */
    size_t ndrill;
    struct w_list drill_list;
    /* Users: the add-user form. */
    bool adding;
    char new_badge[AUTH_BADGE_MAX];
    char new_name[AUTH_NAME_MAX];
    char new_pin[AUTH_PIN_MAX + 1];
    enum auth_role new_role;
};

/* History: every intake, filtered and searched; the chosen one's timeline
 * (records.h). Loaded on entry and when a filter changes, never per frame. */
struct history_state {
    struct records_row *rows; /* records_list result, freed on reload/leave */
    size_t nrows;
    struct w_list list;
    char search[40];
    int range;        /* index into the screen's ranges (today, 7 d, 30 d, all) */
    int basis;        /* 0 any, else enum intake_basis */
    int state;        /* index into the screen's states */
    bool mine;        /* only the signed-in member's intakes */
    int64_t selected; /* intake whose timeline is shown (0 = none) */
    struct records_row sel_row;
    struct records_event *events; /* records_timeline result */
    size_t nevents;
    bool refused; /* the core would not list (role) */
};

/* Shift handover (records_report_shift), loaded on entry. */
struct shift_state {
    struct records_shift report;
    bool have_report;
    struct w_list list;
};

/* Period report (records_report_period) of a week or a month, reached from
 * the backlog screen; loaded on entry and when the period changes. */
struct period_state {
    struct records_period *report; /* malloc'ed, freed on leave */
    bool have_report;
    bool month; /* else a week (from Monday) */
    int back;   /* periods before the current one */
    char title[64];
};

struct app_opts {
    bool demo;
    bool windowed;
    int width, height;
    bool offscreen;
    bool software;
    const char *db_path;
    const char *key_dir; /* --key-dir (NULL: KIOSK_KEY_DIR or the default; demo: its temp folder) */
    const char *assets_dir;
    const char *scanners[APP_SCANNERS_MAX];
    int nscanners;
    const struct scanner_config *scanner_cfg; /* kiosk.ini [scanners]; NULL = defaults */
    const char *display;                      /* kiosk.ini [display] output; NULL = the first */
    const char *printer; /* kiosk.ini [printer] name: the queue when the printer setting is
                          * empty; NULL or "" = CUPS's default */
    const struct kiosk_clock *clock; /* NULL = system */
    const char *automation;          /* UNIX socket for the automation tree (demo only) */
    bool no_sync; /* --no-sync: never talk to the hub (the sync service does it; the packaged
                   * kiosk has no network at all) */
};

struct automation;

struct app {
    struct platform *plat;
    struct automation *automation; /* --automation SOCKET (demo only), else NULL */
    struct ui_ctx ui;
    struct store *st;
    struct kiosk_clock clock;
    struct app_opts opts;
    char assets[512];
    char printer_ini[128]; /* kiosk.ini [printer] name */
    char demo_dir[256];
    char demo_fifo[300];
    int demo_fifo_fd;
    uint32_t scan_event_type;
    struct scanner *scanners[APP_SCANNERS_MAX];
    int nscanners;

    bool signed_in;
    struct auth_actor actor;
    struct auth_actor cosigner;
    struct store_settings settings;
    char locked_badge[AUTH_BADGE_MAX]; /* idle-locked session to resume */

    enum screen_id stack[APP_STACK_MAX];
    int depth;
    /* Requested by a frame, applied after it. */
    int pending_pop;
    enum screen_id pending_push[4];
    int npending_push;
    bool pending_home;
    bool pending_signout;

    kiosk_ms_t last_input;
    char toast[200];
    struct ui_rect toast_rect; /* where toasts go: the title bar's free part */
    bool alarm_details;        /* the security alarm bar's details are shown */
    enum theme_status toast_kind;
    kiosk_ms_t toast_until;
    bool osk;           /* on-screen keyboard shown */
    bool osk_default;   /* shown at start, after sign-out and idle lock */
    bool redraw;        /* force a render */
    bool nav_changed;   /* the screen stack (or its text fields) changed: draw once more */
    bool can_block;     /* the video driver blocks in SDL_WaitEventTimeout */
    bool field_focused; /* a text field had focus in the last frame */
    /* Keyboard-wedge scanners (plain keyboards to the OS) type a barcode
     * within milliseconds; when no text field has focus the typing is
     * assembled by the drivers' shared wedge logic (app.c). */
    struct wedge wedge;
    uint64_t last_hash;
    bool quit;
    unsigned frames_rendered;

    int home_answers;                     /* ICE answers waiting (home, read on entry) */
    enum theme_status home_answer_status; /* the most alarming of them */

    struct signin_state signin;
    struct intake_flow flow;
    struct board_state board;
    struct comms_state comms;
    struct admin_state admin;
    struct history_state history;
    struct shift_state shift;
    struct period_state period;

    /* issue 14: the hub link (hub_link.c); NULL when not joined. */
    struct hub_link *hub;
    unsigned hub_cues;     /* new-request cues given (banner + tone) */
    uint32_t hub_audio;    /* SDL audio device of the last tone, 0 none */
    int64_t hub_conflicts; /* conflict items already announced */
};

/* Creates the app: the platform (window or offscreen surface), the store (a
 * fresh one in a temporary folder with demo users when opts->demo), the
 * scanners. Returns 0 or a negative enum kiosk_err with a reason in err.
 * *out is freed with app_destroy(). */
int app_create(const struct app_opts *opts, struct app **out, char *err, size_t len);

/* Closes scanners, store, platform; removes the demo folder. NULL is fine. */
void app_destroy(struct app *a);

/* Waits for one event (at most until the next whole second of the clock,
 * and at most max_wait_ms), handles it and renders when the frame changed.
 * app_run() is this in a loop. */
void app_step(struct app *a, int max_wait_ms);

/* Runs until quit (window closed). Returns 0. */
int app_run(struct app *a);

/* Processes every pending SDL event without waiting, runs the clock tick,
 * and renders when the frame changed. Tests and benchmarks drive the app
 * with this. Returns true when a frame was rendered. */
bool app_pump(struct app *a);

/* Forces the next app_pump() to render. */
void app_invalidate(struct app *a);

/* The title of the screen on top of the stack (the automation tree's
 * "screen"). */
const char *app_screen_name(const struct app *a);

/* The screen on top of the stack. */
enum screen_id app_top(const struct app *a);

/* Screen navigation, applied after the current frame. */
void app_push(struct app *a, enum screen_id s);
void app_pop(struct app *a);
void app_go_home(struct app *a);
void app_sign_out(struct app *a);

/* Called after a successful sign-in. */
void app_signed_in(struct app *a, const struct auth_actor *actor);

/* issue 14 (hub_link.c): starts the background sync when the database has
 * joined a hub (a no-op otherwise); stops it; handles its SDL event (true
 * when ev was one): lists reload, and a new request shows a banner and
 * plays a tone at a comms or supervisor desk. */
struct hub_link;
int app_hub_start(struct app *a, char *err, size_t len);
void app_hub_stop(struct app *a);
bool app_hub_event(struct app *a, const SDL_Event *ev);
void app_hub_close_audio(struct app *a);

/* The label of the security alarm bar (security_alert.c). */
#define APP_SECURITY_ALARM_LABEL "Security alarm: records changed outside the kiosk (details)"

/* Draws the security alarm bar when the store has an alarm (on the sign-in
 * screen and for admins); tapping it shows the details. */
void app_draw_security_alert(struct app *a);

/* Shows a short message at the bottom for a few seconds. */
void app_toast(struct app *a, enum theme_status kind, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Now on the app's clock. */
kiosk_ms_t app_now(const struct app *a);

/* True when the signed-in actor holds one of roles. */
bool app_has_role(const struct app *a, unsigned roles);

/* Queues a scan as if a driver delivered it (the demo tray and tests use
 * this path through the same SDL user event). Returns 0 or an error. */
int app_inject_scan(struct app *a, const char *source, const unsigned char *data, size_t len);

/* The demo tray writes a bundled payload into the demo FIFO the simulated
 * scanner reads (the real driver path). file is a name in assets/demo/. */
int app_demo_scan(struct app *a, const char *file);

/* Formats an age ("3 h 12 min", "45 min", "2 d 4 h") into buf. */
void app_format_age(kiosk_ms_t ms, char *buf, size_t len);
/* Formats a time of day in local time ("14:05") or date+time. */
void app_format_time(kiosk_ms_t t, bool with_date, char *buf, size_t len);
/* The kiosk's configured time zone (setting timezone) every shown time is in. */
const char *app_zone(void);

/* Draws the demo "Simulate scan" tray in r (demo mode only) and its height. */
void app_draw_scan_tray(struct app *a, struct ui_rect r);
int app_demo_tray_h(struct ui_ctx *c);

/* The demo users (badge, PIN, role) as one line each, for the sign-in screen
 * in demo mode only. */
int app_demo_user_count(void);
const char *app_demo_user_line(int i, char *buf, size_t len);

/* Parses a licence scan with the core (aamva_parse, idcheck_evaluate),
 * fills the intake flow and shows the ID result. Returns true (handled). */
bool screen_scan_licence(struct app *a, const struct scan_event *ev);

/* Records the intake through the core (intake_add) with the flow's basis;
 * on success shows the confirmation, else a message. */
void app_intake_submit(struct app *a, enum intake_basis basis);

/* Draws one request row (state badge, booking, name, age, the clock that
 * matters) inside row; shared by the status board and the comms queue. */
void screen_board_draw_row(struct app *a, const struct request_row *r, struct ui_rect row);

/* The status board's consular banner text for record r: what is outstanding
 * (inform / notify) and by when, in words, from the core's status and
 * times, into buf (always terminated). */
void screen_board_consular_words(struct app *a, const struct consular_record *r, char *buf,
                                 size_t len);

/* Clears the search screen's fields and hits (issue 10: screen_find.c);
 * the board calls it before opening a new search. */
void screen_find_reset(void);

/* The searchable country picker of the IAQ form and the nationality step
 * (nation_picker.c): a search field labelled label (its widget id is the
 * label's), the chosen nationalities as chips (a tap removes one), and the
 * matching countries (list id "place"; a tap adds one) under them, or in
 * list_r when its width is not 0 (beside the on-screen keyboard's field,
 * where the list keeps four rows). error may be NULL.
 * Uses the flow's picker state; nat has IAQ_NATIONALITY_MAX entries. */
void app_nationality_picker(struct app *a, struct ui_rect r, struct ui_rect list_r,
                            const char *label, const char *error, char (*nat)[4]);

/* Draws one place row (code, name, kind) of a place list; user is the app. */
void app_place_row(struct ui_ctx *c, void *user, int i, struct ui_rect r, bool focused);

/* The nationality line of the exemption screens: what is recorded so far
 * (the flow's iaq.nationality; "US citizen / not known" when none) and a
 * "Nationality…" button that opens the nationality step. Draws at the top
 * of r and returns the height used. */
int app_nationality_row(struct app *a, struct ui_rect r);

/* "Print slip": renders the booking-file slip of intake_id beside the
 * database (slips/) and sends it to CUPS; the outcome is a toast
 * (print_action.c). */
void app_print_slip(struct app *a, int64_t intake_id);

/* Frees the intake flow's allocations and clears it. */
void app_flow_reset(struct app *a);

#endif
