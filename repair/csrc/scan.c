/*
 * repair._scan: the per-character scans of the block filters and document states of four
 * rule kinds, compiled (docs/performance.md, "Third pass"). Each function gives exactly what
 * the Python code it replaces gives; that code stays, as the reference and the fallback when
 * this module is not built, and tests/test_scan.py checks the two against each other.
 *
 *   doubled_lines  repair.rules.kinds.repetition.RepetitionMatcher.may_find (one-line ASCII texts)
 *   and_ends       repair.rules.kinds.coordination.CoordinationMatcher.may_find
 *   capital_sites  repair.rules.kinds.capitalization.common_sites
 *   full_names     repair.rules.kinds.name.NameMatcher._part_state (the full mentions)
 *   name_hits      repair.rules.kinds.name.NameMatcher._part_state and may_find (the given names)
 *   line_classes   repair.document.line_classes (blank lines and headlines: article_parts, chunks.plan)
 *   apostrophes    repair.rules.kinds.characters.count_apostrophes
 *
 * Offsets are character offsets into the Python str, as the regexes of the Python code give them.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

/* doubled_lines(text: str, table: bytes) -> list[int]
 *
 * text: ASCII, lines joined by "\n"; table: 256 bytes, what bytes.translate maps each byte to.
 * The Python code: words = text.lower().encode("ascii").translate(table).replace(b"\n", b" \0 ").split();
 * for each k with words[k] == words[k + 1] and words[k] != b"\0", the line of word k (the count
 * of b"\0" words before it). Returns those lines, ascending, each once.
 */
static PyObject *
doubled_lines(PyObject *self, PyObject *args)
{
    PyObject *text;
    Py_buffer table;
    if (!PyArg_ParseTuple(args, "Uy*", &text, &table))
        return NULL;
    if (table.len != 256) {
        PyBuffer_Release(&table);
        PyErr_SetString(PyExc_ValueError, "table: 256 bytes expected");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text)) {
        PyBuffer_Release(&table);
        PyErr_SetString(PyExc_ValueError, "text: ASCII expected");
        return NULL;
    }
    const unsigned char *map = (const unsigned char *)table.buf;
    const unsigned char *src = (const unsigned char *)PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyList_New(0);
    if (out == NULL) {
        PyBuffer_Release(&table);
        return NULL;
    }
    /* one token at a time: (start, length) into a mapped copy; a "\n" maps to the token "\0" */
    unsigned char *buf = (unsigned char *)malloc(n > 0 ? (size_t)n : 1);
    if (buf == NULL) {
        PyBuffer_Release(&table);
        Py_DECREF(out);
        return PyErr_NoMemory();
    }
    static const unsigned char nul = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = src[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        buf[i] = map[c];
    }
    const unsigned char *prev = NULL, *cur;
    Py_ssize_t prev_len = 0, cur_len, line = 0, last_line = -1;
    Py_ssize_t i = 0;
    while (i < n) {
        unsigned char c = buf[i];
        if (c == '\n') {
            cur = &nul;
            cur_len = 1;
            i++;
        }
        else if (Py_ISSPACE(c)) {
            i++;
            continue;
        }
        else {
            Py_ssize_t s = i;
            while (i < n && buf[i] != '\n' && !Py_ISSPACE(buf[i]))
                i++;
            cur = buf + s;
            cur_len = i - s;
        }
        int is_mark = cur_len == 1 && cur[0] == 0;
        if (prev != NULL && prev_len == cur_len && memcmp(prev, cur, (size_t)cur_len) == 0) {
            int prev_mark = prev_len == 1 && prev[0] == 0;
            if (!prev_mark && line != last_line) {
                PyObject *v = PyLong_FromSsize_t(line);
                if (v == NULL || PyList_Append(out, v) < 0) {
                    Py_XDECREF(v);
                    Py_DECREF(out);
                    free(buf);
                    PyBuffer_Release(&table);
                    return NULL;
                }
                Py_DECREF(v);
                last_line = line;
            }
        }
        if (is_mark)
            line++; /* the words after a mark are on the next line */
        prev = cur;
        prev_len = cur_len;
    }
    free(buf);
    PyBuffer_Release(&table);
    return out;
}

/* A str's characters: kind and data, read with CH(). */
typedef struct {
    int kind;
    const void *data;
} chars;
#define CH(c, i) PyUnicode_READ((c).kind, (c).data, (i))

static inline int
is_alnum(Py_UCS4 c)
{
    return c < 128 ? Py_ISALNUM(c) : Py_UNICODE_ISALNUM(c);
}

/* The Python code's _x_repeated(text, low, end) (see coordination.py). */
static int
x_repeated(chars text, chars low, Py_ssize_t n, Py_ssize_t end)
{
    Py_ssize_t line_start = 0;
    for (Py_ssize_t j = end - 1; j >= 0; j--) {
        if (CH(text, j) == '\n') {
            line_start = j + 1;
            break;
        }
    }
    Py_ssize_t pos = end, lo = end - 200 > line_start ? end - 200 : line_start;
    for (int w = 0; w < 3; w++) {
        Py_ssize_t found = -1;
        for (Py_ssize_t j = pos - 1; j >= lo; j--) {
            if (CH(text, j) == ' ') {
                found = j;
                break;
            }
        }
        pos = found;
        if (pos < 0) {
            if (lo > line_start)
                return 0;
            pos = line_start - 1;
        }
        Py_ssize_t start = pos + 1;
        while (start < end && !is_alnum(CH(text, start)))
            start++;
        Py_ssize_t len = end - start, again = end + 5 + len;
        if (start < end && again <= n) {
            Py_ssize_t x = 0;
            while (x < len && CH(low, start + x) == CH(low, end + 5 + x))
                x++;
            if (x == len) {
                if (again == n)
                    return 1;
                Py_UCS4 a = CH(text, again);
                if (!(is_alnum(a) || a == '_' || a == '\'' || a == 0x2019 || a == '-'))
                    return 1;
            }
        }
        if (pos < lo)
            return 0;
    }
    return 0;
}

/* Whether the word text[w:q] lower-cased stands in low[lo:hi]; -1 on error. */
static int
word_within(PyObject *text_o, chars text, chars low, PyObject *low_o, Py_ssize_t w, Py_ssize_t q, Py_ssize_t lo,
            Py_ssize_t hi)
{
    Py_ssize_t wl = q - w;
    int ascii = 1;
    for (Py_ssize_t x = w; x < q; x++) {
        if (CH(text, x) >= 128) {
            ascii = 0;
            break;
        }
    }
    if (!ascii) { /* str.lower of other letters may change the length: ask Python */
        PyObject *word = PyUnicode_Substring(text_o, w, q);
        if (word == NULL)
            return -1;
        PyObject *lower = PyObject_CallMethod(word, "lower", NULL);
        Py_DECREF(word);
        if (lower == NULL)
            return -1;
        Py_ssize_t at = PyUnicode_GET_LENGTH(lower) ? PyUnicode_Find(low_o, lower, lo, hi, 1) : lo;
        Py_DECREF(lower);
        return at == -2 ? -1 : at >= 0;
    }
    for (Py_ssize_t s = lo; s + wl <= hi; s++) {
        Py_ssize_t x = 0;
        while (x < wl) {
            Py_UCS4 c = CH(text, w + x);
            if (c >= 'A' && c <= 'Z')
                c += 32;
            if (CH(low, s + x) != c)
                break;
            x++;
        }
        if (x == wl)
            return 1;
    }
    return 0;
}

/* and_ends(text: str, low: str, lines: bool) -> list[int]
 *
 * low: text folded (repair.rules.blocks.fold: same length). For each " and " found in low left
 * to right (not overlapping), at offset end: kept when a word (\w+) follows it in text, that
 * word lower-cased stands in low[max(0, end - 80):end] and, with ``lines``, _x_repeated(text,
 * low, end) holds. Returns the kept offsets, ascending.
 */
static PyObject *
and_ends(PyObject *self, PyObject *args)
{
    PyObject *text_o, *low_o;
    int lines;
    if (!PyArg_ParseTuple(args, "UUp", &text_o, &low_o, &lines))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text_o);
    if (PyUnicode_GET_LENGTH(low_o) != n) {
        PyErr_SetString(PyExc_ValueError, "text and low: the same length expected");
        return NULL;
    }
    chars text = {PyUnicode_KIND(text_o), PyUnicode_DATA(text_o)};
    chars low = {PyUnicode_KIND(low_o), PyUnicode_DATA(low_o)};
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t p = 0;
    while (p + 5 <= n) {
        Py_ssize_t end = p;
        if (low.kind == PyUnicode_1BYTE_KIND) {
            const Py_UCS1 *hit = (const Py_UCS1 *)memchr((const Py_UCS1 *)low.data + p, ' ', (size_t)(n - p));
            if (hit == NULL)
                break;
            end = hit - (const Py_UCS1 *)low.data;
        }
        else {
            while (end < n && CH(low, end) != ' ')
                end++;
        }
        if (end + 5 > n)
            break;
        if (CH(low, end + 1) != 'a' || CH(low, end + 2) != 'n' || CH(low, end + 3) != 'd' || CH(low, end + 4) != ' ') {
            p = end + 1;
            continue;
        }
        p = end + 5; /* the next match starts after this one */
        Py_ssize_t w = end + 5, q = w;
        while (q < n) {
            Py_UCS4 c = CH(text, q);
            if (!(c == '_' || is_alnum(c)))
                break;
            q++;
        }
        if (q == w)
            continue;
        int within = word_within(text_o, text, low, low_o, w, q, end - 80 > 0 ? end - 80 : 0, end);
        if (within < 0) {
            Py_DECREF(out);
            return NULL;
        }
        if (!within || (lines && !x_repeated(text, low, n, end)))
            continue;
        PyObject *v = PyLong_FromSsize_t(end);
        if (v == NULL || PyList_Append(out, v) < 0) {
            Py_XDECREF(v);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(v);
    }
    return out;
}

/* Whether word (a str) is kept: its lower case in common; each word looked up once, the
 * result kept in seen / capitals (as CommonCapitals.among does). -1 on error. */
static int
common_word(PyObject *word, PyObject *common, PyObject *seen, PyObject *capitals)
{
    int r = PySet_Contains(capitals, word);
    if (r != 0)
        return r;
    r = PySet_Contains(seen, word);
    if (r != 0)
        return r < 0 ? -1 : 0;
    PyObject *lower = PyObject_CallMethod(word, "lower", NULL);
    if (lower == NULL)
        return -1;
    r = PySequence_Contains(common, lower);
    Py_DECREF(lower);
    if (r < 0)
        return -1;
    if (r && PySet_Add(capitals, word) < 0)
        return -1;
    if (PySet_Add(seen, word) < 0)
        return -1;
    return r;
}

static inline int
is_word(Py_UCS4 c)
{
    return c == '_' || (c < 128 ? Py_ISALNUM(c) : Py_UNICODE_ISALNUM(c));
}

/* capital_sites(texts: list[str], common: Container[str], seen: set[str], capitals: set[str])
 *     -> dict[int, list[tuple[int, int, str]]]
 *
 * Per text index (texts without any left out), the matches of the regex
 * [\w,;][ \t]+([A-Z][a-z]+) (found left to right, not overlapping) whose word lower-cased is in
 * common, as (start, end, word) of the word. seen and capitals: the words looked up so far and
 * those of them that are common (updated).
 */
static PyObject *
capital_sites(PyObject *self, PyObject *args)
{
    PyObject *texts, *common, *seen, *capitals;
    if (!PyArg_ParseTuple(args, "O!OO!O!", &PyList_Type, &texts, &common, &PySet_Type, &seen, &PySet_Type,
                          &capitals))
        return NULL;
    PyObject *out = PyDict_New();
    if (out == NULL)
        return NULL;
    char small[128];
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts: str expected");
            goto fail;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        PyObject *sites = NULL;
        /* each capital followed by a small letter, after blanks (j), in order; its match, when
         * a word character, comma or semicolon stands before the blanks (i) that no earlier
         * match took (i >= last) */
        Py_ssize_t last = 0;
        for (Py_ssize_t j = 2; j + 1 < n; j++) {
            Py_UCS4 c0 = PyUnicode_READ(kind, data, j);
            if (c0 < 'A' || c0 > 'Z')
                continue;
            Py_UCS4 c1 = PyUnicode_READ(kind, data, j + 1);
            if (c1 < 'a' || c1 > 'z')
                continue;
            Py_ssize_t i = j - 1;
            while (i >= last) {
                Py_UCS4 b = PyUnicode_READ(kind, data, i);
                if (b != ' ' && b != '\t')
                    break;
                i--;
            }
            if (i == j - 1 || i < last)
                continue; /* no blank before it, or only blanks back to the last match */
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (!(c == ',' || c == ';' || is_word(c)))
                continue;
            Py_ssize_t k = j + 2;
            while (k < n) {
                Py_UCS4 b = PyUnicode_READ(kind, data, k);
                if (!(b >= 'a' && b <= 'z'))
                    break;
                k++;
            }
            last = k; /* the next match starts after this one */
            Py_ssize_t w = j;
            j = k - 1;
            Py_ssize_t len = k - w;
            char *buf = len <= (Py_ssize_t)sizeof(small) ? small : (char *)malloc((size_t)len);
            if (buf == NULL) {
                PyErr_NoMemory();
                goto fail;
            }
            for (Py_ssize_t x = 0; x < len; x++)
                buf[x] = (char)PyUnicode_READ(kind, data, w + x);
            PyObject *word = PyUnicode_FromStringAndSize(buf, len);
            if (buf != small)
                free(buf);
            if (word == NULL)
                goto fail;
            int keep = common_word(word, common, seen, capitals);
            if (keep <= 0) {
                Py_DECREF(word);
                if (keep < 0)
                    goto fail;
                continue;
            }
            PyObject *site = Py_BuildValue("(nnN)", w, k, word);
            if (site == NULL)
                goto fail;
            if (sites == NULL) {
                sites = PyList_New(0);
                if (sites == NULL) {
                    Py_DECREF(site);
                    goto fail;
                }
                PyObject *key = PyLong_FromSsize_t(t);
                if (key == NULL || PyDict_SetItem(out, key, sites) < 0) {
                    Py_XDECREF(key);
                    Py_DECREF(sites);
                    Py_DECREF(site);
                    goto fail;
                }
                Py_DECREF(key);
                Py_DECREF(sites); /* the dict holds it */
            }
            if (PyList_Append(sites, site) < 0) {
                Py_DECREF(site);
                goto fail;
            }
            Py_DECREF(site);
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static inline int
is_name_char(Py_UCS4 c)
{
    return c == '\'' || c == '-' || c == 0x2019 || is_word(c);
}

static inline int
is_lower_ascii(Py_UCS4 c)
{
    return c >= 'a' && c <= 'z';
}

/* full_names(texts: list[str], surnames: Container[str]) -> list[tuple[int, str, str, int]]
 *
 * The matches of the name kind's regex ({surnames})[ \u00a0](?=([A-Z][a-z]+(?:-[a-z]+)?)(?![\w-]))
 * in each text, found left to right, that no name character (letter, digit, _ ' ’ -) precedes,
 * as (text index, surname, given name, end of the match: one past the blank). Each surname is
 * letters A-Z and a-z only (the caller checks), so a surname is the whole run of those letters
 * that ends at the blank.
 */
static PyObject *
full_names(PyObject *self, PyObject *args)
{
    PyObject *texts, *surnames;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &texts, &surnames))
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts: str expected");
            goto fail;
        }
        chars c = {PyUnicode_KIND(text), PyUnicode_DATA(text)};
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        Py_ssize_t p = 0;
        while (p < n) {
            Py_UCS4 ch = CH(c, p);
            int letter = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
            if (!letter || (p > 0 && is_name_char(CH(c, p - 1)))) {
                p++;
                continue;
            }
            Py_ssize_t r = p + 1;
            while (r < n) {
                Py_UCS4 b = CH(c, r);
                if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z')))
                    break;
                r++;
            }
            Py_ssize_t next = r; /* the letters up to r are name characters: no match starts there */
            if (r + 2 < n && (CH(c, r) == ' ' || CH(c, r) == 0xA0)) {
                Py_ssize_t g = r + 1, e;
                Py_UCS4 g0 = CH(c, g), g1 = CH(c, g + 1);
                if (g0 >= 'A' && g0 <= 'Z' && is_lower_ascii(g1)) {
                    e = g + 2;
                    while (e < n && is_lower_ascii(CH(c, e)))
                        e++;
                    if (e + 1 < n && CH(c, e) == '-' && is_lower_ascii(CH(c, e + 1))) {
                        e += 2;
                        while (e < n && is_lower_ascii(CH(c, e)))
                            e++;
                    }
                    if (e == n || !(CH(c, e) == '-' || is_word(CH(c, e)))) {
                        PyObject *surname = PyUnicode_Substring(text, p, r);
                        if (surname == NULL)
                            goto fail;
                        int known = PySequence_Contains(surnames, surname);
                        if (known < 0) {
                            Py_DECREF(surname);
                            goto fail;
                        }
                        if (known) {
                            PyObject *given = PyUnicode_Substring(text, g, e);
                            PyObject *hit = given ? Py_BuildValue("(nNNn)", t, surname, given, r + 1) : NULL;
                            if (hit == NULL) {
                                if (given == NULL)
                                    Py_DECREF(surname);
                                goto fail;
                            }
                            if (PyList_Append(out, hit) < 0) {
                                Py_DECREF(hit);
                                goto fail;
                            }
                            Py_DECREF(hit);
                        }
                        else
                            Py_DECREF(surname);
                    }
                }
            }
            p = next;
        }
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* name_hits(text: str, names: Container[str]) -> list[tuple[int, int, int]]
 *
 * The matches of the name kind's regex ({names})(['’]s)?(?![\w'’-]) in text, found left to
 * right, as (start, end of the name, end of the match: after a possessive 's). Each name is a
 * given name as the full-name regex reads it, [A-Z][a-z]+(?:-[a-z]+)?, so a match starts at a
 * capital followed by a small letter and its name is the whole run [A-Z][a-z]+(-[a-z]+)? there.
 */
static PyObject *
name_hits(PyObject *self, PyObject *args)
{
    PyObject *text_o, *names;
    if (!PyArg_ParseTuple(args, "UO", &text_o, &names))
        return NULL;
    chars c = {PyUnicode_KIND(text_o), PyUnicode_DATA(text_o)};
    Py_ssize_t n = PyUnicode_GET_LENGTH(text_o);
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t p = 0;
    while (p + 1 < n) {
        Py_UCS4 c0 = CH(c, p);
        if (c0 < 'A' || c0 > 'Z' || !is_lower_ascii(CH(c, p + 1))) {
            p++;
            continue;
        }
        Py_ssize_t e = p + 2;
        while (e < n && is_lower_ascii(CH(c, e)))
            e++;
        if (e + 1 < n && CH(c, e) == '-' && is_lower_ascii(CH(c, e + 1))) {
            e += 2;
            while (e < n && is_lower_ascii(CH(c, e)))
                e++;
        }
        /* the end of the match: after the name, or after a possessive 's, where no name character follows */
        Py_ssize_t m = -1;
        if (e == n || !is_name_char(CH(c, e)))
            m = e;
        else if (e + 1 < n && (CH(c, e) == '\'' || CH(c, e) == 0x2019) && CH(c, e + 1) == 's' &&
                 (e + 2 == n || !is_name_char(CH(c, e + 2))))
            m = e + 2;
        if (m < 0) {
            p = e; /* the letters up to e are small ones: no capital to start a match at */
            continue;
        }
        PyObject *name = PyUnicode_Substring(text_o, p, e);
        if (name == NULL)
            goto fail;
        int known = PySequence_Contains(names, name);
        Py_DECREF(name);
        if (known < 0)
            goto fail;
        if (!known) {
            p = e;
            continue;
        }
        PyObject *hit = Py_BuildValue("(nnn)", p, e, m);
        if (hit == NULL || PyList_Append(out, hit) < 0) {
            Py_XDECREF(hit);
            goto fail;
        }
        Py_DECREF(hit);
        p = m;
    }
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

/* line_classes(texts: list[str], headline_words: int) -> bytes
 *
 * Per text: 0 when it is blank (text.strip() == ""), 1 when it is a headline (no sentence end,
 * repair.document.ends_sentence, and at most headline_words words, len(text.split())), else 2.
 */
static PyObject *
line_classes(PyObject *self, PyObject *args)
{
    PyObject *texts;
    Py_ssize_t most;
    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &texts, &most))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts);
    PyObject *out = PyBytes_FromStringAndSize(NULL, count);
    if (out == NULL)
        return NULL;
    char *codes = PyBytes_AS_STRING(out);
    for (Py_ssize_t t = 0; t < count; t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            Py_DECREF(out);
            PyErr_SetString(PyExc_TypeError, "texts: str expected");
            return NULL;
        }
        chars c = {PyUnicode_KIND(text), PyUnicode_DATA(text)};
        Py_ssize_t e = PyUnicode_GET_LENGTH(text);
        while (e > 0 && Py_UNICODE_ISSPACE(CH(c, e - 1)))
            e--;
        if (e == 0) {
            codes[t] = 0;
            continue;
        }
        Py_ssize_t k = e;
        while (k > 0) { /* the closers: "'”’»)] */
            Py_UCS4 b = CH(c, k - 1);
            if (!(b == '"' || b == '\'' || b == 0x201D || b == 0x2019 || b == 0xBB || b == ')' || b == ']'))
                break;
            k--;
        }
        if (k > 0) {
            Py_UCS4 b = CH(c, k - 1);
            if (b == '.' || b == '!' || b == '?' || b == 0x3002 || b == 0xFF01 || b == 0xFF1F || b == ':' || b == ';' ||
                b == 0xFF1A || b == 0xFF1B || b == 0x2026) {
                codes[t] = 2; /* ends a sentence */
                continue;
            }
        }
        Py_ssize_t words = 0;
        int in_word = 0;
        for (Py_ssize_t i = 0; i < e && words <= most; i++) {
            int space = Py_UNICODE_ISSPACE(CH(c, i));
            if (!space && !in_word)
                words++;
            in_word = !space;
        }
        codes[t] = words <= most ? 1 : 2;
    }
    return out;
}

/* apostrophes(texts: list[str]) -> tuple[int, int]
 *
 * The matches of the characters kind's regex (['’])(?<=[^\W\d_]['’])(?=[^\W\d_]) in the texts:
 * an apostrophe between two letters ([^\W\d_]: a word character that is no decimal digit nor
 * "_"), as (straight ones, curly ones).
 */
static inline int
is_letter(Py_UCS4 c)
{
    if (c < 128)
        return Py_ISALPHA(c);
    return Py_UNICODE_ISALNUM(c) && !Py_UNICODE_ISDECIMAL(c);
}

static PyObject *
apostrophes(PyObject *self, PyObject *args)
{
    PyObject *texts;
    if (!PyArg_ParseTuple(args, "O!", &PyList_Type, &texts))
        return NULL;
    Py_ssize_t straight = 0, curly = 0;
    for (Py_ssize_t t = 0; t < PyList_GET_SIZE(texts); t++) {
        PyObject *text = PyList_GET_ITEM(texts, t);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts: str expected");
            return NULL;
        }
        chars c = {PyUnicode_KIND(text), PyUnicode_DATA(text)};
        Py_ssize_t n = PyUnicode_GET_LENGTH(text);
        for (Py_ssize_t i = 1; i + 1 < n; i++) {
            Py_UCS4 a = CH(c, i);
            if ((a == '\'' || a == 0x2019) && is_letter(CH(c, i - 1)) && is_letter(CH(c, i + 1))) {
                if (a == '\'')
                    straight++;
                else
                    curly++;
            }
        }
    }
    return Py_BuildValue("(nn)", straight, curly);
}

static PyMethodDef methods[] = {
    {"doubled_lines", doubled_lines, METH_VARARGS,
     "doubled_lines(text, table) -> list[int]: the lines of an ASCII text with two equal words in a row."},
    {"and_ends", and_ends, METH_VARARGS,
     "and_ends(text, low, lines) -> list[int]: the offsets of the \" and \" that coordination's filter keeps."},
    {"capital_sites", capital_sites, METH_VARARGS,
     "capital_sites(texts, common, seen, capitals) -> dict: capitalization's common capitalised words."},
    {"full_names", full_names, METH_VARARGS,
     "full_names(texts, surnames) -> list: the name kind's full mentions (text, surname, given, end)."},
    {"name_hits", name_hits, METH_VARARGS,
     "name_hits(text, names) -> list: the name kind's given names in text (start, end of name, end)."},
    {"line_classes", line_classes, METH_VARARGS,
     "line_classes(texts, headline_words) -> bytes: per line 0 blank, 1 headline, 2 other."},
    {"apostrophes", apostrophes, METH_VARARGS,
     "apostrophes(texts) -> (straight, curly): the apostrophes between letters."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "repair._scan",
    "Compiled scans of five rule kinds (the Python code in repair.rules.kinds is the reference).", -1, methods,
};

PyMODINIT_FUNC
PyInit__scan(void)
{
    return PyModule_Create(&module);
}
