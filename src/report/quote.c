/* report/quote.c: the one escaping routine of the report's messages: control characters,
 * DEL and (for names) backslashes of quoted input written as escapes, so that every message
 * that quotes input stays one line. */
#include <stdio.h>
#include <string.h>

#include "report/reader.h"

/* The escaped form of byte c into esc (at most 4 bytes); returns its length. A backslash is
 * doubled unless keep_bs. */
static size_t quote_char(unsigned char c, bool keep_bs, char *esc)
{
    static const char hex[] = "0123456789abcdef";
    if ((c == '\\' && !keep_bs) || c == '\n' || c == '\r' || c == '\t') {
        esc[0] = '\\';
        esc[1] = c == '\n' ? 'n' : c == '\r' ? 'r' : c == '\t' ? 't' : '\\';
        return 2;
    }
    if (c < 0x20 || c == 0x7f) {
        esc[0] = '\\';
        esc[1] = 'x';
        esc[2] = hex[c >> 4];
        esc[3] = hex[c & 15];
        return 4;
    }
    esc[0] = (char)c;
    return 1;
}

/* The one escaping routine behind mb_reader_quote and mb_reader_quote_ctl. */
static void quote(const char *s, size_t n, bool keep_bs, char *buf, size_t len)
{
    if (len == 0)
        return;
    char esc[4];
    size_t total = 0;
    for (size_t i = 0; i < n && s[i]; i++)
        total += quote_char((unsigned char)s[i], keep_bs, esc);
    bool cut = total > len - 1;
    size_t room = cut ? (len > 4 ? len - 4 : 0) : len - 1, o = 0;
    for (size_t i = 0; i < n && s[i]; i++) {
        size_t el = quote_char((unsigned char)s[i], keep_bs, esc);
        if (o + el > room)
            break;
        memcpy(buf + o, esc, el);
        o += el;
    }
    if (cut && len > 4) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
}

void mb_reader_quote(const char *s, size_t n, char *buf, size_t len)
{
    quote(s, n, false, buf, len);
}

void mb_reader_quote_ctl(const char *s, size_t n, char *buf, size_t len)
{
    quote(s, n, true, buf, len);
}
