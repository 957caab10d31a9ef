/* Typed date widget: a text field for a date typed in full, MM/DD/YYYY or
 * YYYY-MM-DD (the core's date_typed_parse), kept in step with the form's
 * ISO date, and a line saying how the typed text was read ("Read as
 * 10 March 1990"), so one form is never silently turned into the other.
 * The form's date stays "" until the typed date is complete and real. */
#include "ui/widgets.h"

#include "core/datetyped.h"

#include <stdio.h>
#include <string.h>

int w_date_entry_h(struct ui_ctx *ctx)
{
    return w_textfield_h(ctx) + ui_font_h(ctx, UI_FONT_SMALL);
}

void w_date_entry(struct ui_ctx *ctx, struct ui_rect r, const char *label, struct w_date_text *st,
                  char *iso, size_t iso_cap, const char *error)
{
    const struct theme *t = theme_get();
    /* Changed elsewhere (prefilled from a card, the stepper): show it. */
    if (strcmp(st->synced, iso) != 0) {
        snprintf(st->text, sizeof st->text, "%s", iso);
        snprintf(st->synced, sizeof st->synced, "%s", iso);
    }
    char before[sizeof st->text];
    snprintf(before, sizeof before, "%s", st->text);
    struct w_field f = {.label = label,
                        .buf = st->text,
                        .cap = sizeof st->text,
                        .allow = "0123456789-/",
                        .error = st->text[0] && !iso[0] ? NULL : error,
                        .hint = "MM/DD/YYYY or YYYY-MM-DD"};
    struct ui_rect fr = ui_cut_top(&r, w_textfield_h(ctx));
    w_textfield(ctx, fr, &f);
    if (strcmp(before, st->text) != 0) {
        char parsed[11];
        if (date_typed_parse(st->text, parsed) == 0)
            snprintf(iso, iso_cap, "%s", parsed);
        else
            iso[0] = '\0';
        snprintf(st->synced, sizeof st->synced, "%s", iso);
    }
    int y = fr.y + fr.h - ui_font_h(ctx, UI_FONT_SMALL);
    if (f.error && f.error[0])
        y += ui_font_h(ctx, UI_FONT_SMALL); /* under the field's own message */
    char line[96], words[40];
    if (iso[0] && st->text[0]) {
        snprintf(line, sizeof line, "Read as %s", date_typed_words(iso, words, sizeof words));
        ui_text(ctx, r.x, y, UI_FONT_SMALL, t->text, line);
    } else if (st->text[0]) {
        ui_text(ctx, r.x, y, UI_FONT_SMALL, t->warn,
                "Type the whole date: MM/DD/YYYY or YYYY-MM-DD.");
    }
}
