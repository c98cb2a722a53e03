/* wine 8.0 lacks icuuc.dll (Windows 10 1703+), which Qt6Core.dll imports 20 ucnv_* functions from.
   This stub answers "no such converter": Qt keeps to its built-in UTF-8/UTF-16/Latin-1 codecs.
   Built by packaging/check_windows.sh into the wine prefix only, never into the bundle. */
#include <stdint.h>
#include <stddef.h>
typedef int32_t UErrorCode; typedef uint16_t UChar; typedef void UConverter; typedef void (*CB)(void);
#define X __declspec(dllexport)
static void fail(UErrorCode *e) { if (e && *e <= 0) *e = 4; /* U_FILE_ACCESS_ERROR */ }
X UConverter *ucnv_open(const char *n, UErrorCode *e) { (void)n; fail(e); return NULL; }
X void ucnv_close(UConverter *c) { (void)c; }
X void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const UChar *c, int32_t d, int32_t f, int32_t g, UErrorCode *e) { (void)a;(void)b;(void)c;(void)d;(void)f;(void)g;(void)e; }
X void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *a, void *b, const char *c, int32_t d, int32_t g, UErrorCode *e) { (void)a;(void)b;(void)c;(void)d;(void)g;(void)e; }
X void ucnv_reset(UConverter *c) { (void)c; }
X int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 4; }
X const char *ucnv_getName(const UConverter *c, UErrorCode *e) { (void)c; fail(e); return NULL; }
X void ucnv_getToUCallBack(const UConverter *c, CB *a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
X void ucnv_getFromUCallBack(const UConverter *c, CB *a, const void **x) { (void)c; if (a) *a = NULL; if (x) *x = NULL; }
X void ucnv_setToUCallBack(UConverter *c, CB n, const void *nc, CB *o, const void **oc, UErrorCode *e) { (void)c;(void)n;(void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e); }
X void ucnv_setFromUCallBack(UConverter *c, CB n, const void *nc, CB *o, const void **oc, UErrorCode *e) { (void)c;(void)n;(void)nc; if (o) *o = NULL; if (oc) *oc = NULL; fail(e); }
X void ucnv_cbToUWriteUChars(void *a, const UChar *s, int32_t l, int32_t o, UErrorCode *e) { (void)a;(void)s;(void)l;(void)o; fail(e); }
X void ucnv_cbFromUWriteUChars(void *a, const UChar **s, const UChar *l, int32_t o, UErrorCode *e) { (void)a;(void)s;(void)l;(void)o; fail(e); }
X void ucnv_toUnicode(UConverter *c, UChar **t, const UChar *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c;(void)t;(void)tl;(void)s;(void)sl;(void)o;(void)f; fail(e); }
X void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const UChar **s, const UChar *sl, int32_t *o, int8_t f, UErrorCode *e) { (void)c;(void)t;(void)tl;(void)s;(void)sl;(void)o;(void)f; fail(e); }
X int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *e) { (void)c; fail(e); return 0; }
X int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *e) { (void)c; fail(e); return 0; }
X const char *ucnv_getStandardName(const char *n, const char *s, UErrorCode *e) { (void)n;(void)s; fail(e); return NULL; }
X const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
X int32_t ucnv_countAvailable(void) { return 0; }
