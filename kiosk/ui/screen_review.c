/* Review: the request exactly as the Communications Center will key it,
 * in IAQ field order (rendered by the core, iaq_render_text), then "Queue
 * request". */
#include "ui/app.h"

#include <stdio.h>
#include <string.h>

static void frame(struct app *a, struct ui_rect body)
{
    struct ui_ctx *c = &a->ui;
    struct intake_flow *f = &a->flow;
    const struct theme *t = theme_get();
    int pad = theme_pad(c);
    char attention[96];
    snprintf(attention, sizeof attention, "%s %s", a->actor.name, a->actor.badge);
    struct iaq_header h = {.ori = a->settings.ori,
                           .purpose = "C",
                           .attention = attention,
                           .phone = a->settings.desk_phone,
                           .custody = "Y"};
    char text[2048];
    int n = iaq_render_text(&f->iaq, &h, text, sizeof text);
    int fh = w_textfield_h(c), ph = theme_primary_h(c);
    struct ui_rect strip = ui_cut_bottom(&body, fh > ph ? fh : ph);
    ui_cut_bottom(&body, pad);
    struct ui_rect bottom = ui_rect(strip.x, strip.y + strip.h - ph, strip.w, ph);
    if (!f->requeue_id) {
        /* issue 10: RSMo 544.472's 48 hours run from the booking, between
         * Edit and Queue so every IAQ line stays visible */
        int side = ui_px(c, 360) + pad;
        struct w_field bf = {.label = "Booked at, if not now (kiosk time)",
                             .buf = f->booked_at,
                             .cap = sizeof f->booked_at,
                             .allow = "0123456789-: ",
                             .hint = "YYYY-MM-DD HH:MM"};
        w_textfield(c, ui_rect(strip.x + side, strip.y, strip.w - 2 * side, fh), &bf);
    }
    /* A name cut to NCIC's 30 characters: show exactly what goes out and
     * ask the deputy to confirm it before queueing. */
    char full[4 * IAQ_TEXT_MAX], nam[IAQ_NAME_MAX];
    bool shortened = n >= 0 && iaq_name_shortened(&f->iaq, full, sizeof full) &&
                     iaq_format_name(&f->iaq, nam, sizeof nam) == 0;
    if (!shortened)
        f->name_confirmed = false;
    if (shortened) {
        char line[400];
        snprintf(line, sizeof line,
                 "The name is longer than NCIC allows (30 characters). It will be sent as "
                 "NAM/%s (full name: %s).",
                 nam, full);
        int rh = theme_row_h(c);
        struct ui_rect box = ui_cut_top(&body, ui_font_h(c, UI_FONT_BOLD) * 2 + rh + pad * 2);
        ui_cut_top(&body, pad);
        ui_fill(c, box, theme_status_bg(THEME_WARN));
        struct ui_rect in = ui_inset(box, pad / 2);
        w_label_wrap(c, ui_rect(in.x, in.y, in.w, ui_font_h(c, UI_FONT_BOLD) * 2), UI_FONT_BOLD,
                     theme_status_fg(THEME_WARN), line);
        struct ui_rect tb = ui_rect(in.x, in.y + in.h - rh, in.w * 2 / 3, rh);
        if (w_button(c, tb,
                     f->name_confirmed ? "\xe2\x9c\x94 Shortened name confirmed"
                                       : "Confirm the shortened name",
                     f->name_confirmed ? W_OK : W_NORMAL))
            f->name_confirmed = !f->name_confirmed;
    }
    bool can_queue = n >= 0 && (!shortened || f->name_confirmed);
    ui_fill(c, body, t->panel);
    struct ui_rect in = ui_inset(body, pad * 2);
    if (n < 0) {
        w_status(c, in.x, in.y, UI_FONT_BOLD, THEME_BAD,
                 "The request does not validate. Go back and fix the marked fields.");
    } else {
        ui_text(c, in.x, in.y, UI_FONT_SMALL, t->text_dim,
                "Check every line. This is what the Communications Center keys into MULES.");
        int y = in.y + ui_font_h(c, UI_FONT_SMALL) + pad;
        int lh = ui_font_h(c, UI_FONT_MONO_LARGE);
        const char *p = text;
        while (*p && y + lh <= in.y + in.h) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            ui_textn(c, in.x, y, UI_FONT_MONO_LARGE, t->text, p, len);
            y += lh;
            p += len + (e ? 1 : 0);
        }
    }
    int bw = ui_px(c, 360);
    if (w_button(c, ui_rect(bottom.x, bottom.y, bw, bottom.h), "Edit", W_NORMAL))
        app_pop(a);
    if (f->requeue_id) {
        /* Correcting a request that needed more information. */
        if (w_button(c, ui_rect(bottom.x + bottom.w - bw, bottom.y, bw, bottom.h),
                     "Send back to the queue", can_queue ? W_PRIMARY : W_DISABLED)) {
            struct iaq_problems p = {0};
            char msg[200] = "";
            if (request_requeue(a->st, &a->actor, f->requeue_id, &f->iaq, &p, msg, sizeof msg) ==
                0) {
                app_toast(a, THEME_OK, "Request %lld is queued again.", (long long)f->requeue_id);
                app_go_home(a);
                app_push(a, SCREEN_BOARD);
            } else {
                app_toast(a, THEME_BAD, "Not re-queued: %s",
                          p.count  ? p.items[0].message
                          : msg[0] ? msg
                                   : "refused");
            }
        }
        return;
    }
    if (w_button(c, ui_rect(bottom.x + bottom.w - bw, bottom.y, bw, bottom.h), "Queue request",
                 can_queue ? W_PRIMARY : W_DISABLED))
        app_intake_submit(a, INTAKE_IAQ);
}

const struct screen screen_review = {
    .title = "Review the request",
    .roles = AUTH_ROLE_DEPUTY | AUTH_ROLE_SUPERVISOR,
    .frame = frame,
};
