/* The automation tree and its socket (see automation.h). */
#include "ui/automation.h"

#include "core/kiosk_err.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define AUTOMATION_CLIENTS 4
#define AUTOMATION_LINE    256
#define AUTOMATION_TEXT    512

const char *automation_kind_name(enum ui_wkind k)
{
    switch (k) {
    case UI_W_BUTTON:
        return "button";
    case UI_W_KEY:
        return "key";
    case UI_W_FIELD:
        return "field";
    case UI_W_ITEM:
        return "item";
    case UI_W_LABEL:
        return "label";
    case UI_W_TOGGLE:
        return "toggle";
    }
    return "label";
}

static struct ui_rect intersect(struct ui_rect a, struct ui_rect b)
{
    int x0 = a.x > b.x ? a.x : b.x, y0 = a.y > b.y ? a.y : b.y;
    int x1 = a.x + a.w < b.x + b.w ? a.x + a.w : b.x + b.w;
    int y1 = a.y + a.h < b.y + b.h ? a.y + a.h : b.y + b.h;
    return ui_rect(x0, y0, x1 > x0 ? x1 - x0 : 0, y1 > y0 ? y1 - y0 : 0);
}

/* True when the text of command i runs outside the visible area vis (the
 * clip rectangle in force, the owning widget, the screen). A pixel of
 * slack for rounding. fields scroll their value: only a cut on the right
 * or in height counts there. */
static bool text_cut(const struct ui_ctx *c, const struct ui_cmd *cmd, struct ui_rect vis,
                     bool scrolls)
{
    int w = c->text_width(c->measure_user, cmd->font, c->text + cmd->text_off, cmd->text_len);
    int h = c->text_height(c->measure_user, cmd->font);
    int x = cmd->rect.x, y = cmd->rect.y;
    if (!scrolls && x < vis.x - 1)
        return true;
    return x + w > vis.x + vis.w + 1 || y < vis.y - 2 || y + h > vis.y + vis.h + 2;
}

static void append(char *buf, size_t cap, size_t *n, const char *s, size_t len)
{
    if (*n && *n + 1 < cap)
        buf[(*n)++] = ' ';
    if (len > cap - 1 - *n)
        len = cap - 1 - *n;
    memcpy(buf + *n, s, len);
    *n += len;
    buf[*n] = 0;
}

int automation_walk(const struct ui_ctx *c,
                    void (*fn)(void *user, const struct automation_item *it, const char *text),
                    void *user)
{
    struct ui_rect screen = ui_rect(0, 0, c->width, c->height);
    /* The clip in force before each command, and which widget owns it. */
    struct ui_rect clip = screen;
    int count = 0;
    char text[AUTOMATION_TEXT];
    int wi = 0; /* next widget to open */
    int open[8], nopen = 0;
    bool owned_clipped[UI_WIDGET_MAX];
    memset(owned_clipped, 0, sizeof owned_clipped);
    /* Pass 1: labels (text outside widgets) in drawing order, and the cut
     * texts of each widget. */
    for (int i = 0; i < c->cmd_n; i++) {
        while (nopen && c->widgets[open[nopen - 1]].cmd_end <= i)
            nopen--;
        while (wi < c->widget_n && c->widgets[wi].cmd_first <= i) {
            if (c->widgets[wi].cmd_end > i && nopen < 8)
                open[nopen++] = wi;
            wi++;
        }
        const struct ui_cmd *cmd = &c->cmds[i];
        if (cmd->kind == UI_CMD_CLIP) {
            clip = cmd->rect.w == 0 ? screen : intersect(cmd->rect, screen);
            continue;
        }
        if (cmd->kind != UI_CMD_TEXT)
            continue;
        if (nopen) {
            const struct ui_widget *w = &c->widgets[open[nopen - 1]];
            /* A field's label and message sit outside its box: only the
             * clip in force counts there. */
            struct ui_rect vis = w->kind == UI_W_FIELD ? clip : intersect(clip, w->r);
            if (text_cut(c, cmd, vis, w->kind == UI_W_FIELD))
                owned_clipped[open[nopen - 1]] = true;
            continue;
        }
        struct automation_item it = {.kind = UI_W_LABEL, .enabled = true};
        it.clipped = text_cut(c, cmd, clip, false);
        it.r = ui_rect(
            cmd->rect.x, cmd->rect.y,
            c->text_width(c->measure_user, cmd->font, c->text + cmd->text_off, cmd->text_len),
            c->text_height(c->measure_user, cmd->font));
        size_t n = 0;
        text[0] = 0;
        append(text, sizeof text, &n, c->text + cmd->text_off, cmd->text_len);
        fn(user, &it, text);
        count++;
    }
    /* Pass 2: the widgets. */
    for (int k = 0; k < c->widget_n; k++) {
        const struct ui_widget *w = &c->widgets[k];
        struct automation_item it = {.kind = w->kind,
                                     .id = w->id,
                                     .r = w->r,
                                     .enabled = w->enabled,
                                     .focused = w->enabled && c->focus == w->id,
                                     .clipped = w->clipped || owned_clipped[k]};
        size_t n = 0;
        text[0] = 0;
        if (w->text_len) {
            append(text, sizeof text, &n, c->text + w->text_off, w->text_len);
        } else {
            /* A list row: the texts it drew. */
            for (int i = w->cmd_first; i < w->cmd_end; i++)
                if (c->cmds[i].kind == UI_CMD_TEXT)
                    append(text, sizeof text, &n, c->text + c->cmds[i].text_off,
                           c->cmds[i].text_len);
        }
        if (w->has_value) {
            it.value = c->text + w->value_off;
            it.value_len = w->value_len;
        }
        fn(user, &it, text);
        count++;
    }
    return count;
}

static void add_json(void *user, const struct automation_item *it, const char *text)
{
    json_t *arr = user;
    json_t *o = json_object();
    if (!o)
        return;
    json_object_set_new(o, "id", json_integer(it->id));
    json_object_set_new(o, "kind", json_string(automation_kind_name(it->kind)));
    json_object_set_new(o, "text", json_string(text));
    if (it->value)
        json_object_set_new(o, "value", json_stringn(it->value, it->value_len));
    json_object_set_new(o, "x", json_integer(it->r.x));
    json_object_set_new(o, "y", json_integer(it->r.y));
    json_object_set_new(o, "w", json_integer(it->r.w));
    json_object_set_new(o, "h", json_integer(it->r.h));
    json_object_set_new(o, "enabled", json_boolean(it->enabled));
    json_object_set_new(o, "focused", json_boolean(it->focused));
    json_object_set_new(o, "clipped", json_boolean(it->clipped));
    json_array_append_new(arr, o);
}

json_t *automation_tree(const struct ui_ctx *c, const char *screen)
{
    json_t *arr = json_array();
    json_t *root = json_object();
    if (!arr || !root) {
        json_decref(arr);
        json_decref(root);
        return NULL;
    }
    automation_walk(c, add_json, arr);
    json_object_set_new(root, "screen", json_string(screen));
    json_object_set_new(root, "width", json_integer(c->width));
    json_object_set_new(root, "height", json_integer(c->height));
    json_object_set_new(root, "widgets", arr);
    return root;
}

struct automation {
    int fd;
    char path[108];
    struct {
        int fd;
        char line[AUTOMATION_LINE];
        size_t n;
    } clients[AUTOMATION_CLIENTS];
};

int automation_open(const char *path, struct automation **out, char *err, size_t len)
{
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof sa.sun_path) {
        snprintf(err, len, "automation socket path too long (at most %zu bytes): %s",
                 sizeof sa.sun_path - 1, path);
        return KIOSK_ERR_USAGE;
    }
    struct stat stt;
    if (lstat(path, &stt) == 0) {
        if (!S_ISSOCK(stt.st_mode)) {
            snprintf(err, len, "%s exists and is not a socket; not replacing it", path);
            return KIOSK_ERR_USAGE;
        }
        unlink(path);
    }
    struct automation *au = calloc(1, sizeof *au);
    if (!au) {
        snprintf(err, len, "out of memory");
        return KIOSK_ERR_NOMEM;
    }
    for (int i = 0; i < AUTOMATION_CLIENTS; i++)
        au->clients[i].fd = -1;
    snprintf(au->path, sizeof au->path, "%s", path);
    snprintf(sa.sun_path, sizeof sa.sun_path, "%s", path);
    au->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (au->fd < 0 || bind(au->fd, (struct sockaddr *)&sa, sizeof sa) != 0 ||
        listen(au->fd, 4) != 0) {
        snprintf(err, len, "automation socket %s: %s", path, strerror(errno));
        if (au->fd >= 0)
            close(au->fd);
        free(au);
        return KIOSK_ERR_IO;
    }
    chmod(path, 0600);
    *out = au;
    return 0;
}

int automation_fd(const struct automation *au)
{
    return au ? au->fd : -1;
}

static void drop(struct automation *au, int i)
{
    close(au->clients[i].fd);
    au->clients[i].fd = -1;
    au->clients[i].n = 0;
}

/* Writes all of s (a client that stops reading is dropped). */
static bool send_all(int fd, const char *s, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
        if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
            usleep(1000);
            continue;
        }
        if (w <= 0)
            return false;
        s += w;
        n -= (size_t)w;
    }
    return true;
}

static bool answer(int fd, const char *line, const struct ui_ctx *c, const char *screen)
{
    json_t *o = NULL;
    if (strcmp(line, "tree") == 0) {
        o = automation_tree(c, screen);
    } else {
        o = json_object();
        if (o)
            json_object_set_new(o, "error", json_string("unknown request; send \"tree\""));
    }
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    bool ok = s && send_all(fd, s, strlen(s)) && send_all(fd, "\n", 1);
    free(s);
    return ok;
}

void automation_poll(struct automation *au, const struct ui_ctx *c, const char *screen)
{
    if (!au)
        return;
    for (;;) {
        int fd = accept(au->fd, NULL, NULL);
        if (fd < 0)
            break;
        fcntl(fd, F_SETFL, O_NONBLOCK);
        fcntl(fd, F_SETFD, FD_CLOEXEC);
        int i = 0;
        while (i < AUTOMATION_CLIENTS && au->clients[i].fd >= 0)
            i++;
        if (i == AUTOMATION_CLIENTS) {
            close(fd);
            continue;
        }
        au->clients[i].fd = fd;
        au->clients[i].n = 0;
    }
    for (int i = 0; i < AUTOMATION_CLIENTS; i++) {
        if (au->clients[i].fd < 0)
            continue;
        char buf[AUTOMATION_LINE];
        ssize_t r = recv(au->clients[i].fd, buf, sizeof buf, 0);
        if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR)) {
            drop(au, i);
            continue;
        }
        for (ssize_t k = 0; k < r; k++) {
            if (buf[k] == '\n') {
                au->clients[i].line[au->clients[i].n] = 0;
                if (au->clients[i].n && au->clients[i].line[au->clients[i].n - 1] == '\r')
                    au->clients[i].line[au->clients[i].n - 1] = 0;
                au->clients[i].n = 0;
                if (!answer(au->clients[i].fd, au->clients[i].line, c, screen)) {
                    drop(au, i);
                    break;
                }
            } else if (au->clients[i].n + 1 < AUTOMATION_LINE) {
                au->clients[i].line[au->clients[i].n++] = buf[k];
            }
        }
    }
}

void automation_close(struct automation *au)
{
    if (!au)
        return;
    for (int i = 0; i < AUTOMATION_CLIENTS; i++)
        if (au->clients[i].fd >= 0)
            close(au->clients[i].fd);
    close(au->fd);
    unlink(au->path);
    free(au);
}
