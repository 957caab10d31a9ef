/* Audit rows in words for the auditor's screen: the action, its object and
 * its outcome as a person reads them ("Intake recorded", "request 12",
 * "refused"), never the stored identifiers (intake.add, request:12, denied),
 * which stay in the row's record line for matching `kioskctl audit` output. */
#ifndef KIOSK_UI_AUDIT_WORDS_H
#define KIOSK_UI_AUDIT_WORDS_H

#include <stddef.h>

/* The action in words; an action the table does not know is spelled out
 * with its dots and underscores as spaces ("Other: foo bar"). */
const char *audit_action_words(const char *action, char *buf, size_t len);

/* The object in words ("request:12" -> "request 12", "user" -> "user"). */
const char *audit_object_words(const char *object, char *buf, size_t len);

/* The outcome in words ("ok" -> "done", "denied" -> "refused", "retry" ->
 * "retried"); anything else with underscores as spaces. */
const char *audit_outcome_words(const char *outcome, char *buf, size_t len);

/* A timeline event's kind in words (records_event.what: "intake.iaq" ->
 * "Intake: ICE status check", "request.transmitted" -> "ICE check: Sent to
 * ICE", "consular.opened" -> "Consular step opened", "legal_hold" -> "Legal
 * hold placed"); anything else with dots and underscores as spaces. */
const char *history_what_words(const char *what, char *buf, size_t len);

/* An intake basis in words (INTAKE_IAQ -> "ICE status check"). */
const char *history_basis_words(int basis);

#endif
