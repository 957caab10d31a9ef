/* Statements 1 and 2 and the asylum warning (see consular_text.h). */
#include "core/consular_text.h"

#include <string.h>

static const char statement1_en[] =
    "As a non-U.S. citizen who is being arrested or detained, you are entitled to have us notify "
    "your country's consular officers here in the United States of your situation. You are also "
    "entitled to communicate with your consular officers. A consular officer may be able to help "
    "you obtain legal representation, and may contact your family and visit you in detention, "
    "among other things. If you want us to notify your country's consular officers, you can "
    "request this notification now, or at any time in the future. Do you want us to notify your "
    "country's consular officers at this time?";

static const char statement2_en[] =
    "Because of your nationality, we are required to notify your country's consular officers "
    "here in the United States that you have been arrested or detained. We will do this as soon "
    "as possible. In addition, you are entitled to communicate with your consular officers. You "
    "are not required to accept their assistance, but your consular officers may be able to help "
    "you obtain legal representation, and may contact your family and visit you in detention, "
    "among other things.";

static const char statement1_es[] =
    "Como ciudadano no estadounidense que está siendo arrestado o detenido, usted tiene derecho "
    "a que notifiquemos de su situación a los funcionarios consulares de su país aquí en los "
    "Estados Unidos. También tiene derecho a comunicarse con sus funcionarios consulares. Un "
    "funcionario consular podría ayudarle a obtener representación legal, y podría comunicarse "
    "con su familia y visitarle en detención, entre otras cosas. Si usted quiere que "
    "notifiquemos a los funcionarios consulares de su país, puede solicitarlo ahora o en "
    "cualquier momento en el futuro. ¿Quiere usted que notifiquemos a los funcionarios "
    "consulares de su país en este momento?";

static const char statement2_es[] =
    "Debido a su nacionalidad, estamos obligados a notificar a los funcionarios consulares de su "
    "país aquí en los Estados Unidos que usted ha sido arrestado o detenido. Lo haremos tan "
    "pronto como sea posible. Además, usted tiene derecho a comunicarse con sus funcionarios "
    "consulares. Usted no está obligado a aceptar su ayuda, pero sus funcionarios consulares "
    "podrían ayudarle a obtener representación legal, y podrían comunicarse con su familia y "
    "visitarle en detención, entre otras cosas.";

const char *consular_statement(bool mandatory, const char *lang)
{
    if (!lang)
        return NULL;
    if (!strcmp(lang, "en"))
        return mandatory ? statement2_en : statement1_en;
    if (!strcmp(lang, "es"))
        return mandatory ? statement2_es : statement1_es;
    return NULL;
}

const char *consular_asylum_warning(void)
{
    return "Never tell a consulate that the person has asked for asylum or fears return to "
           "their country, and never give it information that would show it: notify only the "
           "facts of the arrest or detention. If the person says they fear persecution, tell a "
           "supervisor.";
}
