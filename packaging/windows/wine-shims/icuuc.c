/* Test-only stand-in for ICU's icuuc.dll, compiled by build-under-wine.sh into the Wine
 * prefix that runs our tests; never shipped. Qt 6's Qt6Core.dll imports these converter
 * functions from the icuuc.dll that Windows 10 1903+ ships and that Wine has only from 11.5.
 * Every converter is "not available", so Qt falls back to its own and the Windows codecs. */
#include <stddef.h>
#include <stdint.h>

#define U_FILE_ACCESS_ERROR 4
#define EXPORT __declspec(dllexport)

typedef int UErrorCode;
typedef void UConverter;

static void fail(UErrorCode *status) {
    if (status && *status <= 0) *status = U_FILE_ACCESS_ERROR;
}

EXPORT UConverter *ucnv_open(const char *name, UErrorCode *status) { (void)name; fail(status); return NULL; }
EXPORT void ucnv_close(UConverter *c) { (void)c; }
EXPORT void ucnv_reset(UConverter *c) { (void)c; }
EXPORT int32_t ucnv_countAvailable(void) { return 0; }
EXPORT const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
EXPORT const char *ucnv_getName(const UConverter *c, UErrorCode *status) { (void)c; fail(status); return NULL; }
EXPORT const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status) { (void)name; (void)standard; fail(status); return NULL; }
EXPORT int8_t ucnv_getMaxCharSize(const UConverter *c) { (void)c; return 1; }
EXPORT int32_t ucnv_fromUCountPending(const UConverter *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT int32_t ucnv_toUCountPending(const UConverter *c, UErrorCode *status) { (void)c; fail(status); return 0; }
EXPORT void ucnv_fromUnicode(UConverter *c, char **t, const char *tl, const uint16_t **s, const uint16_t *sl, int32_t *o, int8_t f, UErrorCode *status) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(status); }
EXPORT void ucnv_toUnicode(UConverter *c, uint16_t **t, const uint16_t *tl, const char **s, const char *sl, int32_t *o, int8_t f, UErrorCode *status) { (void)c; (void)t; (void)tl; (void)s; (void)sl; (void)o; (void)f; fail(status); }
EXPORT void ucnv_getFromUCallBack(const UConverter *c, void **action, const void **context) { (void)c; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_getToUCallBack(const UConverter *c, void **action, const void **context) { (void)c; if (action) *action = NULL; if (context) *context = NULL; }
EXPORT void ucnv_setFromUCallBack(UConverter *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *status) { (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(status); }
EXPORT void ucnv_setToUCallBack(UConverter *c, void *n, const void *nc, void **o, const void **oc, UErrorCode *status) { (void)c; (void)n; (void)nc; (void)o; (void)oc; fail(status); }
EXPORT void ucnv_cbFromUWriteUChars(void *args, const uint16_t **s, const uint16_t *sl, int32_t o, UErrorCode *status) { (void)args; (void)s; (void)sl; (void)o; fail(status); }
EXPORT void ucnv_cbToUWriteUChars(void *args, const uint16_t *s, int32_t l, int32_t o, UErrorCode *status) { (void)args; (void)s; (void)l; (void)o; fail(status); }
EXPORT void UCNV_FROM_U_CALLBACK_SUBSTITUTE(const void *ctx, void *args, const uint16_t *u, int32_t l, int32_t cp, int reason, UErrorCode *status) { (void)ctx; (void)args; (void)u; (void)l; (void)cp; (void)reason; fail(status); }
EXPORT void UCNV_TO_U_CALLBACK_SUBSTITUTE(const void *ctx, void *args, const char *b, int32_t l, int reason, UErrorCode *status) { (void)ctx; (void)args; (void)b; (void)l; (void)reason; fail(status); }
