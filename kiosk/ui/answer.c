/* ICE answers in words (see answer.h). */
#include "ui/answer.h"

#include <stdio.h>
#include <string.h>

static const struct {
    const char *id, *words, *button, *next;
    enum theme_status status;
} answers[] = {
    {"record_found_citizen", "Record found: U.S. citizen", "U.S. citizen",
     "No immigration action. Process the booking normally.", THEME_OK},
    {"record_found_lpr", "Record found: lawful permanent resident", "Permanent resident",
     "No immigration action. Process the booking normally.", THEME_OK},
    {"record_found_nonimmigrant", "Record found: in the U.S. on a visa", "Visa holder",
     "No immigration action. Process the booking normally.", THEME_OK},
    {"record_found_unlawfully_present", "Record found: unlawfully present", "Unlawfully present",
     "Hold only on a Missouri charge, a federal warrant or an ICE detainer. Tell the supervisor.",
     THEME_BAD},
    {"no_record", "No record found", "No record",
     "No record is not proof of status. Process the booking normally.", THEME_INFO},
    {"possible_match", "Possible match: ICE is checking", "Possible match",
     "Wait for ICE's final answer; the Communications Center records it.", THEME_WARN},
    {"detainer_to_follow", "ICE will send a detainer", "Detainer to follow",
     "Tell the supervisor now. Hold only under the detainer when it arrives.", THEME_BAD},
    {"other", "Other answer (see ICE's text)", "Other (see text)",
     "Read ICE's text below and ask the supervisor.", THEME_WARN},
};

static int find(const char *d)
{
    for (int i = 0; d && i < (int)(sizeof answers / sizeof answers[0]); i++)
        if (strcmp(answers[i].id, d) == 0)
            return i;
    return -1;
}

const char *answer_words(const char *d)
{
    int i = find(d);
    return i < 0 ? "Other answer (see ICE's text)" : answers[i].words;
}

const char *answer_button(const char *d)
{
    int i = find(d);
    return i < 0 ? "Other (see text)" : answers[i].button;
}

enum theme_status answer_status(const char *d)
{
    int i = find(d);
    return i < 0 ? THEME_WARN : answers[i].status;
}

const char *answer_next_step(const char *d)
{
    int i = find(d);
    return i < 0 ? "Read ICE's text and ask the supervisor." : answers[i].next;
}

const char *answer_state_words(enum request_state s)
{
    switch (s) {
    case REQUEST_QUEUED:
        return "Queued";
    case REQUEST_TRANSMITTED:
        return "Sent to ICE";
    case REQUEST_ACKNOWLEDGED:
        return "ICE has it";
    case REQUEST_RESPONDED:
        return "ICE answered";
    case REQUEST_CLOSED:
        return "Closed";
    case REQUEST_NEEDS_INFO:
        return "Needs info";
    case REQUEST_CANCELLED:
        return "Cancelled";
    }
    return "Unknown state";
}

const char *answer_event_words(const char *details, char *out, size_t len)
{
    if (strncmp(details, "mules_ref=", 10) == 0)
        snprintf(out, len, "MULES reference %s", details + 10);
    else if (strncmp(details, "disposition=", 12) == 0)
        snprintf(out, len, "answer: %s", answer_words(details + 12));
    else
        snprintf(out, len, "%s", details);
    return out;
}
