/* dedupe._core: the compiled twin of dedupe.similarity.features, of the word-pair test of
 * dedupe.candidates.PairIndex and of dedupe.reader.make_key. The pure-Python code is the
 * reference: every field and key made here
 * equals the one it makes (tests/test_core.py, benchmarks/equal_cores.py), and the rules that
 * look at a paragraph's frames and cut marks stay in Python, called only where a cheap test here
 * says they may apply (dedupe.similarity.complete_features).
 *
 * features(keys, texts) -> list: one dedupe.similarity.Features per key (None for a key longer
 *     than the compared length, which the caller makes in Python).
 * meeting(f, members, low, high) -> list: the i of each (i, earlier) of members whose bare
 *     length is in [low, high] (or that has a frame) and that shares a word pair with f.
 * keys(texts, nfkc, translation) -> list: dedupe.reader.make_key of each text, given the
 *     reader's NFKC step (called for text that is not ASCII) and its KEY_TRANSLATION.
 * setup(Features, complete, attribution_forms, read_more, max_length, seed): called once, by
 *     dedupe.similarity (a second call is refused).
 *
 * All working memory belongs to one call: the module keeps no state between calls but what
 * setup gives it and a table of character classes, both read-only afterwards.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#ifndef Py_T_OBJECT_EX
#define Py_T_OBJECT_EX T_OBJECT_EX
#endif
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---------- growable arrays, owned by one call ---------- */
typedef struct {
    void *data;
    Py_ssize_t len, cap;
} Vec;

static int vec_reserve(Vec *v, size_t size, Py_ssize_t more) {
    if (v->len + more <= v->cap) return 0;
    Py_ssize_t cap = v->cap ? v->cap : 256;
    while (cap < v->len + more) {
        if (cap > PY_SSIZE_T_MAX / 2 / (Py_ssize_t)size) {
            PyErr_NoMemory();
            return -1;
        }
        cap *= 2;
    }
    void *data = PyMem_Realloc(v->data, (size_t)cap * size);
    if (!data) {
        PyErr_NoMemory();
        return -1;
    }
    v->data = data;
    v->cap = cap;
    return 0;
}
#define AT(v, T) ((T *)(v).data)

typedef struct {
    Py_ssize_t start, n;
} Range;

typedef struct {
    uint64_t hash;
    uint32_t offset, length; /* the pair's text in bare */
} PairKey;

typedef struct {
    Vec chars;  /* Py_UCS4: the key's text with marks dropped (and '_' as a space, unless plain) */
    Vec offset; /* Py_ssize_t per token: where it starts in chars */
    Vec length; /* Py_ssize_t per token */
    Vec hash;   /* uint64_t per token */
    Vec parts;  /* Range of tokens per non-empty sentence */
    Vec numbers; /* Range of chars per number */
    Vec quotes; /* Range of tokens per quoted span of MIN_QUOTE_WORDS tokens or more */
    Vec pairs;  /* Pair */
    Vec buffer; /* Py_UCS4: a string being joined */
} Arena;

static void arena_free(Arena *a) {
    Vec *all[] = {&a->chars, &a->offset, &a->length, &a->hash, &a->parts, &a->numbers, &a->quotes, &a->pairs, &a->buffer};
    for (size_t k = 0; k < sizeof(all) / sizeof(all[0]); k++) PyMem_Free(all[k]->data);
}

static void arena_clear(Arena *a) {
    a->chars.len = a->offset.len = a->length.len = a->hash.len = 0;
    a->parts.len = a->numbers.len = a->quotes.len = a->pairs.len = a->buffer.len = 0;
}

/* ---------- character classes (Python's re and str methods on str) ---------- */
static uint8_t classes[65536];
#define C_WORD 1    /* \w: str.isalnum() or "_" */
#define C_SPACE 2   /* \s: str.isspace() */
#define C_DECIMAL 4 /* \d: str.isdecimal() */
#define C_PRINTABLE 8 /* str.isprintable() */

static inline int is_w(Py_UCS4 c) { return c < 65536 ? (classes[c] & C_WORD) : (Py_UNICODE_ISALNUM(c) || c == '_'); }
static inline int is_s(Py_UCS4 c) { return c < 65536 ? (classes[c] & C_SPACE) : Py_UNICODE_ISSPACE(c); }
static inline int is_decimal(Py_UCS4 c) { return c < 65536 ? (classes[c] & C_DECIMAL) : Py_UNICODE_ISDECIMAL(c); }
static inline int is_printable(Py_UCS4 c) { return c < 65536 ? (classes[c] & C_PRINTABLE) : Py_UNICODE_ISPRINTABLE(c); }

/* tokens.HAN_KANA, tokens.THAI, tokens.MARKS */
static inline int is_han_kana(Py_UCS4 c) {
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
           (c >= 0xf900 && c <= 0xfaff);
}
static inline int is_thai(Py_UCS4 c) { return c >= 0x0e00 && c <= 0x0e7f; }
static inline int is_unspaced(Py_UCS4 c) { return is_thai(c) || is_han_kana(c); }
static inline int is_mark(Py_UCS4 c) {
    return (c >= 0x300 && c <= 0x36f) || (c >= 0x610 && c <= 0x61a) || (c >= 0x64b && c <= 0x65f) || c == 0x670 ||
           (c >= 0x6d6 && c <= 0x6ed) || c == 0x640;
}
/* tokens.SENTENCE_END: a closing mark, then quotes or brackets */
static inline int is_end_mark(Py_UCS4 c) { return c == '.' || c == '!' || c == '?' || c == 0x61f || c == 0x3002; }
static inline int is_end_closer(Py_UCS4 c) { return c == '"' || c == '\'' || c == ')' || c == ']'; }
/* a character of a token of a script with spaces */
static inline int is_word_char(Py_UCS4 c) { return c != '_' && is_w(c) && !is_unspaced(c); }
/* similarity._ARROWS */
static inline int is_arrow(Py_UCS4 c) {
    return c == 0x2192 || c == 0x21d2 || c == 0x25b6 || c == 0x25ba || c == 0x27a4 || c == 0x2794 || c == 0x279c;
}

/* ---------- hashing: equal texts hash alike; equal hashes are checked on the texts ---------- */
static inline uint64_t mix(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}
static uint64_t seed = 0xcbf29ce484222325ULL; /* a random one from setup: no text is made to collide */
static inline uint64_t hash_chars(const Py_UCS4 *s, Py_ssize_t n) {
    uint64_t h = seed;
    for (Py_ssize_t i = 0; i < n; i++) h = (h ^ s[i]) * 0x100000001b3ULL;
    return mix(h ^ (uint64_t)n);
}
static inline uint64_t pair_hash(uint64_t a, uint64_t b) { return mix(a * 31 + mix(b ^ 0x5555)); }
static inline uint64_t single_hash(uint64_t a) { return mix(a ^ 0xabcdef0123ULL); }
#define EMPTY_PAIR 0x1234567887654321ULL

/* ---------- what setup gives ---------- */
static PyTypeObject *features_type;
static PyObject *complete; /* complete_features(f, key, text, tokens, lead, tail, cut) */
static uint64_t *attribution_hashes; /* open addressing, 0 = empty */
static Py_ssize_t attribution_size;  /* a power of two */
static Py_UCS4 **read_more;
static Py_ssize_t *read_more_length, read_more_count;
static Py_ssize_t max_length;
static PyObject *empty_string, *empty_tuple;

enum {
    S_BARE,
    S_NUMBERS,
    S_SENTENCES,
    S_CLOSED,
    S_CUT_PREFIX,
    S_LENGTH,
    S_FRAME,
    S_LEAD,
    S_TAIL,
    S_QUOTES,
    S_BRACKETED,
    S_CUT_MARK,
    S_CUT_SIGNED,
    S_CUT_KEY,
    S_PAIR_KEYS,
    S_WORDS,
    S_VOCABULARY,
    S_PAIRS,
    S_NUMBER_GROUPS,
    SLOTS
};
static const char *slot_names[SLOTS] = {"bare",      "numbers",    "sentences", "closed",     "cut_prefix", "length",
                                        "frame",     "lead",       "tail",      "quotes",     "bracketed",  "cut_mark",
                                        "cut_signed", "cut_key",   "pair_keys", "_words",     "_vocabulary", "_pairs",
                                        "_number_groups"};
static Py_ssize_t slot_offset[SLOTS];
#define SLOT(o, s) (*(PyObject **)((char *)(o) + slot_offset[s]))

static int attribution_has(uint64_t h) {
    if (!attribution_size) return 0;
    if (!h) h = 1;
    for (Py_ssize_t i = (Py_ssize_t)(h & (uint64_t)(attribution_size - 1));; i = (i + 1) & (attribution_size - 1)) {
        if (attribution_hashes[i] == h) return 1;
        if (!attribution_hashes[i]) return 0;
    }
}

/* ---------- the tokenizer: tokens.marked_sentences / tokens.plain_words, in one pass ---------- */
/* Copy key[start:end) to the arena's chars (unless plain: marks dropped and '_' as a space) and
 * append its tokens; with sentences, the non-empty sentence parts too (tokens.SENTENCE_END).
 * Returns the count of Han and Kana tokens, or -1 on an error. */
static Py_ssize_t tokenize(Arena *a, int kind, const void *data, Py_ssize_t start, Py_ssize_t end, int plain,
                           int sentences) {
    if (vec_reserve(&a->chars, sizeof(Py_UCS4), end - start) < 0) return -1;
    Py_ssize_t first = a->chars.len;
    Py_UCS4 *chars = AT(a->chars, Py_UCS4);
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (!plain) {
            if (c >= 0x300 && is_mark(c)) continue;
            if (c == '_') c = ' ';
        }
        chars[a->chars.len++] = c;
    }
    Py_ssize_t last = a->chars.len, more = last - first;
    if (vec_reserve(&a->offset, sizeof(Py_ssize_t), more) < 0 || vec_reserve(&a->length, sizeof(Py_ssize_t), more) < 0 ||
        vec_reserve(&a->hash, sizeof(uint64_t), more) < 0)
        return -1;
    Py_ssize_t *offset = AT(a->offset, Py_ssize_t), *length = AT(a->length, Py_ssize_t);
    uint64_t *hash = AT(a->hash, uint64_t);
    Py_ssize_t double_width = 0, part = a->offset.len;
#define EMIT(o, l)                                   \
    do {                                             \
        offset[a->offset.len++] = (o);               \
        length[a->length.len++] = (l);               \
        hash[a->hash.len++] = hash_chars(chars + (o), (l)); \
    } while (0)
#define NEW_PART()                                                                   \
    do {                                                                             \
        if (a->offset.len > part) {                                                  \
            if (vec_reserve(&a->parts, sizeof(Range), 1) < 0) return -1;             \
            AT(a->parts, Range)[a->parts.len++] = (Range){part, a->offset.len - part}; \
        }                                                                            \
        part = a->offset.len;                                                        \
    } while (0)
    Py_ssize_t i = first;
    while (i < last) {
        Py_UCS4 c = chars[i];
        if (is_unspaced(c)) {
            if (is_han_kana(c)) double_width++;
            EMIT(i, 1);
            i++;
            continue;
        }
        if (is_word_char(c)) {
            Py_ssize_t j = i + 1;
            while (j < last && is_word_char(chars[j])) j++;
            EMIT(i, j - i);
            i = j;
            continue;
        }
        if (sentences && is_end_mark(c)) {
            Py_ssize_t k = i + 1;
            while (k < last && is_end_closer(chars[k])) k++;
            if (k < last && is_s(chars[k])) {
                while (k < last && is_s(chars[k])) k++;
                NEW_PART();
                i = k;
                continue;
            }
            if ((k < last && is_unspaced(chars[k])) || c == 0x3002) {
                NEW_PART();
                i = k;
                continue;
            }
        }
        i++;
    }
    if (sentences) NEW_PART();
#undef EMIT
#undef NEW_PART
    return double_width;
}

/* tokens[first:first + count] joined by single spaces */
static PyObject *join_tokens(Arena *a, Py_ssize_t first, Py_ssize_t count) {
    Py_ssize_t *offset = AT(a->offset, Py_ssize_t), *length = AT(a->length, Py_ssize_t);
    Py_ssize_t size = 0;
    for (Py_ssize_t k = 0; k < count; k++) size += length[first + k] + (k > 0);
    if (!size) {
        Py_INCREF(empty_string);
        return empty_string;
    }
    a->buffer.len = 0;
    if (vec_reserve(&a->buffer, sizeof(Py_UCS4), size) < 0) return NULL;
    Py_UCS4 *out = AT(a->buffer, Py_UCS4);
    const Py_UCS4 *chars = AT(a->chars, Py_UCS4);
    Py_ssize_t at = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        if (k) out[at++] = ' ';
        memcpy(out + at, chars + offset[first + k], sizeof(Py_UCS4) * (size_t)length[first + k]);
        at += length[first + k];
    }
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size);
}

/* A tuple of the tokens of each Range of ``ranges`` joined (join_tokens). */
static PyObject *joined_ranges(Arena *a, Vec *ranges) {
    if (!ranges->len) {
        Py_INCREF(empty_tuple);
        return empty_tuple;
    }
    PyObject *tuple = PyTuple_New(ranges->len);
    for (Py_ssize_t k = 0; tuple && k < ranges->len; k++) {
        Range r = AT(*ranges, Range)[k];
        PyObject *s = join_tokens(a, r.start, r.n);
        if (!s) Py_CLEAR(tuple);
        else PyTuple_SET_ITEM(tuple, k, s);
    }
    return tuple;
}

static int compare_numbers(const Py_UCS4 *chars, Range x, Range y) {
    Py_ssize_t n = x.n < y.n ? x.n : y.n;
    for (Py_ssize_t k = 0; k < n; k++) {
        Py_UCS4 p = chars[x.start + k], q = chars[y.start + k];
        if (p != q) return p < q ? -1 : 1;
    }
    return x.n < y.n ? -1 : x.n > y.n;
}

/* Sort numbers as Python sorts their strings: a merge sort (O(n log n) whatever the order a
 * text gives them in), through ``spare`` (room for n more), ending in insertion sorts. */
static void sort_numbers(const Py_UCS4 *chars, Range *numbers, Range *spare, Py_ssize_t n) {
    if (n <= 16) {
        for (Py_ssize_t i = 1; i < n; i++) {
            Range v = numbers[i];
            Py_ssize_t j = i - 1;
            while (j >= 0 && compare_numbers(chars, numbers[j], v) > 0) {
                numbers[j + 1] = numbers[j];
                j--;
            }
            numbers[j + 1] = v;
        }
        return;
    }
    Py_ssize_t half = n / 2;
    sort_numbers(chars, numbers, spare, half);
    sort_numbers(chars, numbers + half, spare, n - half);
    memcpy(spare, numbers, sizeof(Range) * (size_t)n);
    Py_ssize_t i = 0, j = half, k = 0;
    while (i < half && j < n) numbers[k++] = compare_numbers(chars, spare[j], spare[i]) < 0 ? spare[j++] : spare[i++];
    while (i < half) numbers[k++] = spare[i++];
    while (j < n) numbers[k++] = spare[j++];
}

/* tokens.numbers(bare): the runs of decimal digits of tokens[first:first + count], sorted */
static PyObject *numbers_of(Arena *a, Py_ssize_t first, Py_ssize_t count) {
    a->numbers.len = 0;
    const Py_UCS4 *chars = AT(a->chars, Py_UCS4);
    Py_ssize_t *offset = AT(a->offset, Py_ssize_t), *length = AT(a->length, Py_ssize_t);
    for (Py_ssize_t t = first; t < first + count; t++) {
        Py_ssize_t end = offset[t] + length[t];
        for (Py_ssize_t k = offset[t]; k < end;) {
            if (!is_decimal(chars[k])) {
                k++;
                continue;
            }
            Py_ssize_t m = k + 1;
            while (m < end && is_decimal(chars[m])) m++;
            if (vec_reserve(&a->numbers, sizeof(Range), 1) < 0) return NULL;
            AT(a->numbers, Range)[a->numbers.len++] = (Range){k, m - k};
            k = m;
        }
    }
    Py_ssize_t n = a->numbers.len;
    if (vec_reserve(&a->numbers, sizeof(Range), n) < 0) return NULL; /* room to merge into */
    sort_numbers(chars, AT(a->numbers, Range), AT(a->numbers, Range) + n, n);
    Range *numbers = AT(a->numbers, Range);
    if (!n) {
        Py_INCREF(empty_tuple);
        return empty_tuple;
    }
    PyObject *tuple = PyTuple_New(n);
    if (!tuple) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *s = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars + numbers[i].start, numbers[i].n);
        if (!s) {
            Py_DECREF(tuple);
            return NULL;
        }
        PyTuple_SET_ITEM(tuple, i, s);
    }
    return tuple;
}

typedef struct {
    PairKey key;
    Py_ssize_t token; /* the pair's first token */
} Pair;

static inline int pair_before(const Pair *x, const Pair *y) {
    return x->key.hash < y->key.hash || (x->key.hash == y->key.hash && x->key.offset < y->key.offset);
}

/* Sort pairs by hash, then place: a quicksort (median of three, the smaller side first) that
 * ends in insertion sorts; inlined, as most paragraphs hold a few dozen pairs. */
static void sort_pairs(Pair *pairs, Py_ssize_t n) {
    while (n > 16) {
        Py_ssize_t mid = n / 2, last = n - 1;
        if (pair_before(&pairs[mid], &pairs[0])) { Pair t = pairs[mid]; pairs[mid] = pairs[0]; pairs[0] = t; }
        if (pair_before(&pairs[last], &pairs[0])) { Pair t = pairs[last]; pairs[last] = pairs[0]; pairs[0] = t; }
        if (pair_before(&pairs[last], &pairs[mid])) { Pair t = pairs[last]; pairs[last] = pairs[mid]; pairs[mid] = t; }
        Pair pivot = pairs[mid];
        Py_ssize_t i = 0, j = last;
        for (;;) {
            while (pair_before(&pairs[i], &pivot)) i++;
            while (pair_before(&pivot, &pairs[j])) j--;
            if (i >= j) break;
            Pair t = pairs[i]; pairs[i] = pairs[j]; pairs[j] = t;
            i++;
            j--;
        }
        /* [0, j] and [j + 1, n): recurse into the smaller, loop on the larger */
        if (j + 1 < n - (j + 1)) {
            sort_pairs(pairs, j + 1);
            pairs += j + 1;
            n -= j + 1;
        } else {
            sort_pairs(pairs + j + 1, n - (j + 1));
            n = j + 1;
        }
    }
    for (Py_ssize_t i = 1; i < n; i++) {
        Pair v = pairs[i];
        Py_ssize_t j = i - 1;
        while (j >= 0 && pair_before(&v, &pairs[j])) {
            pairs[j + 1] = pairs[j];
            j--;
        }
        pairs[j + 1] = v;
    }
}

#define MAX_SAME_HASH 16 /* distinct texts of one hash looked through before a key is kept as it is */

/* The word pairs of tokens[first:first + count] as PairKeys sorted by hash, one per distinct
 * text (or a few more, if many texts share a hash), as bytes: what similarity.Features.pairs
 * holds, for meeting(). */
static PyObject *pair_keys_of(Arena *a, Py_ssize_t first, Py_ssize_t count) {
    Py_ssize_t *offset = AT(a->offset, Py_ssize_t), *length = AT(a->length, Py_ssize_t);
    uint64_t *hash = AT(a->hash, uint64_t);
    const Py_UCS4 *chars = AT(a->chars, Py_UCS4);
    Py_ssize_t n = count > 1 ? count - 1 : 1;
    a->pairs.len = 0;
    if (vec_reserve(&a->pairs, sizeof(Pair), n) < 0) return NULL;
    Pair *pairs = AT(a->pairs, Pair);
    if (count == 0) {
        pairs[0] = (Pair){{EMPTY_PAIR, 0, 0}, first};
    } else if (count == 1) {
        pairs[0] = (Pair){{single_hash(hash[first]), 0, (uint32_t)length[first]}, first};
    } else {
        Py_ssize_t at = 0; /* where token k starts in bare */
        for (Py_ssize_t k = 0; k + 1 < count; k++) {
            Py_ssize_t t = first + k;
            pairs[k] = (Pair){{pair_hash(hash[t], hash[t + 1]), (uint32_t)at, (uint32_t)(length[t] + 1 + length[t + 1])}, t};
            at += length[t] + 1;
        }
    }
    sort_pairs(pairs, n);
    Py_ssize_t span = count > 1 ? 2 : 1, kept = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        int seen = 0;
        for (Py_ssize_t m = kept - 1; m >= 0 && kept - m <= MAX_SAME_HASH && pairs[m].key.hash == pairs[k].key.hash; m--) {
            if (pairs[m].key.length != pairs[k].key.length) continue;
            int same = 1;
            for (Py_ssize_t s = 0; s < span && same && count; s++) {
                Py_ssize_t x = pairs[m].token + s, y = pairs[k].token + s;
                same = length[x] == length[y] &&
                       !memcmp(chars + offset[x], chars + offset[y], sizeof(Py_UCS4) * (size_t)length[x]);
            }
            if (same) {
                seen = 1;
                break;
            }
        }
        if (!seen) pairs[kept++] = pairs[k];
    }
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)(kept * sizeof(PairKey)));
    if (!bytes) return NULL;
    PairKey *keys = (PairKey *)PyBytes_AS_STRING(bytes);
    for (Py_ssize_t k = 0; k < kept; k++) keys[k] = pairs[k].key;
    return bytes;
}

static inline int ends_with(int kind, const void *data, Py_ssize_t end, const Py_UCS4 *s, Py_ssize_t n) {
    if (n > end) return 0;
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyUnicode_READ(kind, data, end - n + k) != s[k]) return 0;
    return 1;
}

/* frames.lead can find a frame: a cheap superset of the places its patterns match. */
static int may_lead(int kind, const void *data, Py_ssize_t n) {
    Py_ssize_t head = n < 96 ? n : 96; /* frames.FRAME_WINDOW */
    if (!head) return 0;
    Py_UCS4 c0 = PyUnicode_READ(kind, data, 0);
    /* frames.CJK_CONNECTIVE: 另外 此外 同时 据悉 据了解 与此同时 また なお さらに 一方 */
    if (c0 == 0x53e6 || c0 == 0x6b64 || c0 == 0x540c || c0 == 0x636e || c0 == 0x4e0e || c0 == 0x307e || c0 == 0x306a ||
        c0 == 0x3055 || c0 == 0x4e00)
        return 1;
    Py_ssize_t k = 0;
    while (k < head && is_s(PyUnicode_READ(kind, data, k))) k++;
    if (k < head) { /* frames.LEAD_BRACKET */
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (c == 0x3010 || c == 0x3014 || c == '[' || c == '(') return 1;
    }
    k = 0; /* frames.CJK_DATELINE: two to twelve Han characters, then a digit */
    while (k < n && k <= 12 && PyUnicode_READ(kind, data, k) >= 0x4e00 && PyUnicode_READ(kind, data, k) <= 0x9fff) k++;
    if (k >= 2 && k <= 12 && k < n && is_decimal(PyUnicode_READ(kind, data, k))) return 1;
    for (k = 0; k + 1 < head; k++) { /* " - " or ": " in the head */
        Py_UCS4 c = PyUnicode_READ(kind, data, k), d = PyUnicode_READ(kind, data, k + 1);
        if (c == ':' && d == ' ') return 1;
        if (c == ' ' && d == '-' && k + 2 < head && PyUnicode_READ(kind, data, k + 2) == ' ') return 1;
    }
    return 0;
}

/* frames.tail_words can find a frame: an attribution word among the last twelve tokens, or a
 * closing bracket. */
static int may_tail(Arena *a, int kind, const void *data, Py_ssize_t n, Py_ssize_t first, Py_ssize_t count) {
    Py_UCS4 last = n ? PyUnicode_READ(kind, data, n - 1) : 0;
    if (last == ')' || last == 0x3011 || last == 0x3015) return 1;
    uint64_t *hash = AT(a->hash, uint64_t);
    for (Py_ssize_t k = count > 12 ? count - 12 : 0; k < count; k++) /* frames.MAX_ATTRIBUTION_WORDS */
        if (attribution_has(hash[first + k])) return 1;
    return 0;
}

/* similarity.cut_fields can find a cut mark: its own first tests, or wider ones. */
static int may_cut(int kind, const void *data, Py_ssize_t n) {
    if (!n) return 0;
    Py_UCS4 last = PyUnicode_READ(kind, data, n - 1);
    /* similarity.CUT_SHAPE_ENDS, or a quote */
    if (last == '"' || last == '>' || last == ')' || last == ']' || last == 0x3011 || last == 0x3015 || last == '}' ||
        is_arrow(last))
        return 1;
    Py_ssize_t note = n > 24 ? n - 24 : 0, tail = n > 120 ? n - 120 : 0; /* CUT_NOTE_WINDOW, CUT_MARK_WINDOW */
    for (Py_ssize_t k = note; k < n; k++) { /* _cut_lead: "..", ">>" or an arrow */
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        if (is_arrow(c)) return 1;
        if (k + 1 < n && (c == '.' || c == '>') && PyUnicode_READ(kind, data, k + 1) == c) return 1;
    }
    for (Py_ssize_t k = tail; k + 2 < n; k++) /* "..." in the tail */
        if (PyUnicode_READ(kind, data, k) == '.' && PyUnicode_READ(kind, data, k + 1) == '.' &&
            PyUnicode_READ(kind, data, k + 2) == '.')
            return 1;
    Py_ssize_t end = n; /* the tail less CUT_MARK_TRAILER ends with READ_MORE */
    while (end > tail) {
        Py_UCS4 c = PyUnicode_READ(kind, data, end - 1);
        if (c == ' ' || c == '>' || c == 0xbb || c == 0x2192)
            end--;
        else
            break;
    }
    for (Py_ssize_t r = 0; r < read_more_count; r++)
        if (end - tail >= read_more_length[r] && ends_with(kind, data, end, read_more[r], read_more_length[r])) return 1;
    return 0;
}

/* similarity.LIST_ITEM matches the key, or it ends in a question mark */
static int is_frame(int kind, const void *data, Py_ssize_t n, Py_UCS4 end_char, int closed_end) {
    if (closed_end && (end_char == '?' || end_char == 0x61f)) return 1;
    if (n < 2) return 0;
    Py_UCS4 c0 = PyUnicode_READ(kind, data, 0);
    if (c0 == '*' || c0 == 0x2022 || c0 == 0xb7 || c0 == 0x25aa || c0 == 0x25cf || c0 == 0x25e6 || c0 == 0x2023)
        return is_s(PyUnicode_READ(kind, data, 1));
    if (!is_decimal(c0)) return 0;
    Py_ssize_t k = 1;
    while (k < n && is_decimal(PyUnicode_READ(kind, data, k))) k++;
    if (k > 3 || k >= n) return 0;
    Py_UCS4 c = PyUnicode_READ(kind, data, k);
    if (c == '.' || c == ')') return k + 1 < n && is_s(PyUnicode_READ(kind, data, k + 1));
    if (!is_s(c)) return 0;
    while (k < n && is_s(PyUnicode_READ(kind, data, k))) k++;
    if (k + 1 >= n) return 0;
    c = PyUnicode_READ(kind, data, k);
    return (c == '-' || c == 0x2013 || c == 0x2014) && is_s(PyUnicode_READ(kind, data, k + 1));
}

static void set_slot(PyObject *o, int s, PyObject *value) { Py_XSETREF(SLOT(o, s), value); }

/* One paragraph's features (similarity.features), or NULL with an exception set. */
static PyObject *features_of(Arena *a, PyObject *key, PyObject *text) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    arena_clear(a);
    /* tokens.plain: every character outside ASCII is a word character to keep */
    int plain = 1;
    if (!PyUnicode_IS_ASCII(key)) {
        for (Py_ssize_t i = 0; i < n && plain; i++) {
            Py_UCS4 c = PyUnicode_READ(kind, data, i);
            if (c >= 128 && (!is_w(c) || is_mark(c) || is_unspaced(c))) plain = 0;
        }
    }
    Py_ssize_t double_width = tokenize(a, kind, data, 0, n, plain, 1);
    if (double_width < 0) return NULL;
    Py_ssize_t count = a->offset.len, parts = a->parts.len;
    /* quoted spans (similarity.QUOTED), tokenized after the key's own tokens */
    Py_ssize_t open = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyUnicode_READ(kind, data, i) != '"') continue;
        if (open < 0 || i == open + 1) {
            open = i;
            continue;
        }
        Py_ssize_t before = a->offset.len;
        if (tokenize(a, kind, data, open + 1, i, 0, 0) < 0) return NULL;
        if (a->offset.len - before >= 4) { /* similarity.MIN_QUOTE_WORDS */
            if (vec_reserve(&a->quotes, sizeof(Range), 1) < 0) return NULL;
            AT(a->quotes, Range)[a->quotes.len++] = (Range){before, a->offset.len - before};
        }
        open = -1;
    }
    /* closed and frame: the key less similarity.CLOSING_TRAILER ends in similarity.CLOSING */
    Py_ssize_t end = n;
    while (end > 0) {
        Py_UCS4 c = PyUnicode_READ(kind, data, end - 1);
        if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0xbb || c == ' ')
            end--;
        else
            break;
    }
    Py_UCS4 end_char = end ? PyUnicode_READ(kind, data, end - 1) : 0;
    int closed = end && (end_char == '.' || end_char == '!' || end_char == '?' || end_char == 0x61f ||
                         end_char == 0x3002 || end_char == 0x2026);

    PyObject *f = features_type->tp_alloc(features_type, 0);
    if (!f) return NULL;
    PyObject *bare = join_tokens(a, 0, count);
    if (!bare) goto error;
    set_slot(f, S_BARE, bare);
    PyObject *sentences = parts == 1 ? PyTuple_Pack(1, bare) : joined_ranges(a, &a->parts);
    if (!sentences) goto error;
    set_slot(f, S_SENTENCES, sentences);
    PyObject *quotes = joined_ranges(a, &a->quotes);
    if (!quotes) goto error;
    set_slot(f, S_QUOTES, quotes);
    PyObject *numbers = numbers_of(a, 0, count);
    if (!numbers) goto error;
    set_slot(f, S_NUMBERS, numbers);
    PyObject *pair_keys = pair_keys_of(a, 0, count);
    if (!pair_keys) goto error;
    set_slot(f, S_PAIR_KEYS, pair_keys);
    PyObject *length = PyLong_FromSsize_t(n + double_width);
    if (!length) goto error;
    set_slot(f, S_LENGTH, length);
    set_slot(f, S_CLOSED, PyBool_FromLong(closed));
    set_slot(f, S_FRAME, PyBool_FromLong(is_frame(kind, data, n, end_char, end > 0)));
    PyObject *zero = PyLong_FromLong(0);
    if (!zero) goto error;
    Py_INCREF(zero);
    set_slot(f, S_LEAD, zero);
    set_slot(f, S_TAIL, zero);
    set_slot(f, S_BRACKETED, PyBool_FromLong(0));
    Py_INCREF(Py_None);
    set_slot(f, S_CUT_PREFIX, Py_None);
    Py_INCREF(empty_string);
    set_slot(f, S_CUT_MARK, empty_string);
    set_slot(f, S_CUT_SIGNED, PyBool_FromLong(1));
    Py_INCREF(empty_string);
    set_slot(f, S_CUT_KEY, empty_string);
    for (int s = S_WORDS; s <= S_NUMBER_GROUPS; s++) {
        Py_INCREF(Py_None);
        set_slot(f, s, Py_None);
    }
    int lead = may_lead(kind, data, n), tail = may_tail(a, kind, data, n, 0, count), cut = may_cut(kind, data, n);
    if (lead || tail || cut) {
        PyObject *tokens = PyLong_FromSsize_t(count);
        if (!tokens) goto error;
        PyObject *call[] = {f, key, text, tokens, lead ? Py_True : Py_False, tail ? Py_True : Py_False,
                            cut ? Py_True : Py_False};
        PyObject *r = PyObject_Vectorcall(complete, call, 7, NULL);
        Py_DECREF(tokens);
        if (!r) goto error;
        Py_DECREF(r);
    }
    return f;
error:
    Py_DECREF(f);
    return NULL;
}

static PyObject *core_features(PyObject *self, PyObject *args) {
    PyObject *keys_in, *texts_in;
    if (!PyArg_ParseTuple(args, "OO:features", &keys_in, &texts_in)) return NULL;
    if (!features_type) {
        PyErr_SetString(PyExc_RuntimeError, "dedupe._core.setup() was not called");
        return NULL;
    }
    PyObject *keys = PySequence_Tuple(keys_in);
    if (!keys) return NULL;
    PyObject *texts = PySequence_Tuple(texts_in);
    if (!texts) {
        Py_DECREF(keys);
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(keys);
    PyObject *result = NULL;
    if (PyTuple_GET_SIZE(texts) != n) {
        PyErr_SetString(PyExc_ValueError, "features() takes as many texts as keys");
        goto done;
    }
    for (Py_ssize_t j = 0; j < n; j++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(keys, j)) || !PyUnicode_Check(PyTuple_GET_ITEM(texts, j))) {
            PyErr_SetString(PyExc_TypeError, "features() takes keys and texts as str");
            goto done;
        }
    }
    result = PyList_New(n);
    if (!result) goto done;
    Arena arena = {0};
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *key = PyTuple_GET_ITEM(keys, j), *f;
        if (PyUnicode_GET_LENGTH(key) > max_length) {
            Py_INCREF(Py_None);
            f = Py_None;
        } else {
            f = features_of(&arena, key, PyTuple_GET_ITEM(texts, j));
        }
        if (!f) {
            Py_CLEAR(result);
            break;
        }
        PyList_SET_ITEM(result, j, f);
    }
    arena_free(&arena);
done:
    Py_DECREF(keys);
    Py_DECREF(texts);
    return result;
}

/* ---------- the word-pair test of the candidate index ---------- */
static int same_text(PyObject *x, Py_ssize_t at_x, PyObject *y, Py_ssize_t at_y, Py_ssize_t n) {
    if (at_x + n > PyUnicode_GET_LENGTH(x) || at_y + n > PyUnicode_GET_LENGTH(y)) return 0;
    int kx = PyUnicode_KIND(x), ky = PyUnicode_KIND(y);
    const void *dx = PyUnicode_DATA(x), *dy = PyUnicode_DATA(y);
    for (Py_ssize_t k = 0; k < n; k++)
        if (PyUnicode_READ(kx, dx, at_x + k) != PyUnicode_READ(ky, dy, at_y + k)) return 0;
    return 1;
}

/* Python's own answer: its sets of word pairs. */
static int pairs_meet_in_python(PyObject *f, PyObject *e) {
    PyObject *pf = PyObject_GetAttrString(f, "pairs");
    if (!pf) return -1;
    PyObject *pe = PyObject_GetAttrString(e, "pairs");
    if (!pe) {
        Py_DECREF(pf);
        return -1;
    }
    PyObject *r = PyObject_CallMethod(pf, "isdisjoint", "O", pe);
    Py_DECREF(pf);
    Py_DECREF(pe);
    if (!r) return -1;
    int disjoint = PyObject_IsTrue(r);
    Py_DECREF(r);
    return disjoint < 0 ? -1 : !disjoint;
}

#define MAX_SAME_HASH_CHECKS 256 /* texts compared for one hash before Python's sets decide */

/* True when two features share a word pair (not f.pairs.isdisjoint(e.pairs)), -1 on an error. */
static int pairs_meet(PyObject *f, PyObject *e) {
    PyObject *kf = SLOT(f, S_PAIR_KEYS), *ke = SLOT(e, S_PAIR_KEYS);
    if (!kf || !ke || !PyBytes_Check(kf) || !PyBytes_Check(ke)) return pairs_meet_in_python(f, e); /* made in Python */
    PyObject *bf = SLOT(f, S_BARE), *be = SLOT(e, S_BARE);
    if (!bf || !be || !PyUnicode_Check(bf) || !PyUnicode_Check(be)) {
        PyErr_SetString(PyExc_TypeError, "features without bare text");
        return -1;
    }
    const PairKey *p = (const PairKey *)PyBytes_AS_STRING(kf), *q = (const PairKey *)PyBytes_AS_STRING(ke);
    Py_ssize_t np = PyBytes_GET_SIZE(kf) / (Py_ssize_t)sizeof(PairKey), nq = PyBytes_GET_SIZE(ke) / (Py_ssize_t)sizeof(PairKey);
    Py_ssize_t i = 0, j = 0;
    while (i < np && j < nq) {
        if (p[i].hash < q[j].hash) {
            i++;
        } else if (p[i].hash > q[j].hash) {
            j++;
        } else {
            uint64_t h = p[i].hash;
            Py_ssize_t i_end = i, j_end = j;
            while (i_end < np && p[i_end].hash == h) i_end++;
            while (j_end < nq && q[j_end].hash == h) j_end++;
            if ((i_end - i) * (j_end - j) > MAX_SAME_HASH_CHECKS) return pairs_meet_in_python(f, e);
            for (Py_ssize_t x = i; x < i_end; x++)
                for (Py_ssize_t y = j; y < j_end; y++)
                    if (p[x].length == q[y].length && same_text(bf, p[x].offset, be, q[y].offset, p[x].length)) return 1;
            i = i_end;
            j = j_end;
        }
    }
    return 0;
}

static PyObject *core_meeting(PyObject *self, PyObject *args) {
    PyObject *f, *members;
    Py_ssize_t low, high;
    if (!features_type) {
        PyErr_SetString(PyExc_RuntimeError, "dedupe._core.setup() was not called");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O!O!nn:meeting", features_type, &f, &PyList_Type, &members, &low, &high)) return NULL;
    PyObject *found = PyList_New(0);
    if (!found) return NULL;
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(members); k++) {
        PyObject *member = PyList_GET_ITEM(members, k);
        if (!PyTuple_Check(member) || PyTuple_GET_SIZE(member) != 2 ||
            !PyObject_TypeCheck(PyTuple_GET_ITEM(member, 1), features_type)) {
            PyErr_SetString(PyExc_TypeError, "meeting() takes members as (index, Features) pairs");
            goto error;
        }
        PyObject *i = PyTuple_GET_ITEM(member, 0), *e = PyTuple_GET_ITEM(member, 1);
        Py_INCREF(member); /* held while Python may run (pairs_meet may ask it) */
        PyObject *bare = SLOT(e, S_BARE);
        int near = bare && PyUnicode_Check(bare) && low <= PyUnicode_GET_LENGTH(bare) && PyUnicode_GET_LENGTH(bare) <= high;
        if (!near) {
            int framed = PyObject_IsTrue(SLOT(e, S_LEAD) ? SLOT(e, S_LEAD) : Py_False);
            if (framed == 0) framed = PyObject_IsTrue(SLOT(e, S_TAIL) ? SLOT(e, S_TAIL) : Py_False);
            if (framed < 0) {
                Py_DECREF(member);
                goto error;
            }
            near = framed;
        }
        int meet = near ? pairs_meet(f, e) : 0;
        if (meet < 0 || (meet && PyList_Append(found, i) < 0)) {
            Py_DECREF(member);
            goto error;
        }
        Py_DECREF(member);
    }
    return found;
error:
    Py_DECREF(found);
    return NULL;
}

/* ---------- keys: dedupe.reader.make_key ---------- */
#define MAX_SPELLINGS 128
#define MAX_SPELLING_LENGTH 8
typedef struct {
    Py_UCS4 code;
    Py_ssize_t length; /* 0: the character goes */
    Py_UCS4 chars[MAX_SPELLING_LENGTH];
} Spelling;

typedef struct {
    Spelling entry[MAX_SPELLINGS];
    Py_ssize_t count;
    uint8_t bmp[65536 / 8]; /* a bit per BMP character that has a spelling */
} Spellings;

static PyObject *casefold_name;

static int spelling_order(const void *a, const void *b) {
    Py_UCS4 x = ((const Spelling *)a)->code, y = ((const Spelling *)b)->code;
    return (x > y) - (x < y);
}

/* The reader's translation table ({code: str or None}) as Spellings; -1 with an error set. */
static int read_spellings(PyObject *translation, Spellings *t) {
    if (!PyDict_Check(translation)) {
        PyErr_SetString(PyExc_TypeError, "keys() takes the translation as a dict");
        return -1;
    }
    memset(t->bmp, 0, sizeof(t->bmp));
    t->count = 0;
    PyObject *code, *spelling;
    Py_ssize_t at = 0;
    while (PyDict_Next(translation, &at, &code, &spelling)) {
        long c = PyLong_Check(code) ? PyLong_AsLong(code) : -1;
        if (c < 0 || c > 0x10ffff || t->count == MAX_SPELLINGS ||
            !(spelling == Py_None || (PyUnicode_Check(spelling) && PyUnicode_GET_LENGTH(spelling) <= MAX_SPELLING_LENGTH))) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "keys() takes a translation of code points to short str or None");
            return -1;
        }
        Spelling *e = &t->entry[t->count++];
        e->code = (Py_UCS4)c;
        e->length = spelling == Py_None ? 0 : PyUnicode_GET_LENGTH(spelling);
        for (Py_ssize_t k = 0; k < e->length; k++) e->chars[k] = PyUnicode_READ_CHAR(spelling, k);
        if (c < 65536) t->bmp[c >> 3] |= (uint8_t)(1 << (c & 7));
    }
    qsort(t->entry, (size_t)t->count, sizeof(Spelling), spelling_order);
    return 0;
}

static const Spelling *spelling_of(const Spellings *t, Py_UCS4 c) {
    if (c < 65536 && !(t->bmp[c >> 3] & (1 << (c & 7)))) return NULL;
    Py_ssize_t low = 0, high = t->count;
    while (low < high) {
        Py_ssize_t middle = (low + high) / 2;
        if (t->entry[middle].code < c)
            low = middle + 1;
        else
            high = middle;
    }
    return low < t->count && t->entry[low].code == c ? &t->entry[low] : NULL;
}

static inline Py_UCS4 ascii_lower(Py_UCS4 c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

/* text with each character of the table in its spelling (str.translate), and ASCII capitals in
 * lower case when lower is set (for ASCII text, whose casefold() is that: a spelling is folded
 * with the text), a new reference */
static PyObject *translated(PyObject *text, const Spellings *t, int lower, Vec *buffer) {
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), first = 0;
    for (; first < n; first++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, first);
        if ((lower && ascii_lower(c) != c) || spelling_of(t, c)) break;
    }
    if (first == n) return Py_NewRef(text);
    buffer->len = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        const Spelling *e = i < first ? NULL : spelling_of(t, c);
        Py_ssize_t more = e ? e->length : 1;
        if (vec_reserve(buffer, sizeof(Py_UCS4), more) < 0) return NULL;
        Py_UCS4 *out = AT(*buffer, Py_UCS4) + buffer->len;
        for (Py_ssize_t k = 0; k < more; k++) out[k] = lower ? ascii_lower(e ? e->chars[k] : c) : e ? e->chars[k] : c;
        buffer->len += more;
    }
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer->data, buffer->len);
}

/* key, or " ".join(key.split()) when a character is not printable or a space is doubled or at
 * an end (dedupe.reader._untidy); takes the reference to key and returns a new one */
static PyObject *tidied(PyObject *key, Vec *buffer) {
    int kind = PyUnicode_KIND(key);
    const void *data = PyUnicode_DATA(key);
    Py_ssize_t n = PyUnicode_GET_LENGTH(key);
    int untidy = n && (PyUnicode_READ(kind, data, 0) == ' ' || PyUnicode_READ(kind, data, n - 1) == ' ');
    for (Py_ssize_t i = 0; i < n && !untidy; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        untidy = !is_printable(c) || (c == ' ' && i + 1 < n && PyUnicode_READ(kind, data, i + 1) == ' ');
    }
    if (!untidy) return key;
    buffer->len = 0;
    if (vec_reserve(buffer, sizeof(Py_UCS4), n) < 0) {
        Py_DECREF(key);
        return NULL;
    }
    Py_UCS4 *out = AT(*buffer, Py_UCS4);
    for (Py_ssize_t i = 0; i < n;) {
        while (i < n && is_s(PyUnicode_READ(kind, data, i))) i++;
        if (i == n) break;
        if (buffer->len) out[buffer->len++] = ' ';
        while (i < n && !is_s(PyUnicode_READ(kind, data, i))) out[buffer->len++] = PyUnicode_READ(kind, data, i++);
    }
    Py_DECREF(key);
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, buffer->len);
}

/* make_key of an ASCII text: its spellings and lower case in one pass, then tidied */
static PyObject *ascii_key(PyObject *text, const Spellings *t, Vec *buffer) {
    PyObject *key = translated(text, t, 1, buffer);
    if (key && !PyUnicode_IS_ASCII(key)) { /* a spelling that is not ASCII: folded as any text is */
        PyObject *folded = PyObject_CallMethodNoArgs(key, casefold_name);
        Py_DECREF(key);
        key = folded;
    }
    return key ? tidied(key, buffer) : NULL;
}

/* a str itself for a str or a subclass of it (whose methods, casefold among them, are not str's) */
static PyObject *exact_str(PyObject *text) {
    return PyUnicode_CheckExact(text) ? Py_NewRef(text) : PyUnicode_FromObject(text);
}

static PyObject *key_of(PyObject *given, PyObject *nfkc, const Spellings *t, Vec *buffer) {
    PyObject *text = exact_str(given);
    if (!text) return NULL;
    if (PyUnicode_IS_ASCII(text)) {
        PyObject *key = ascii_key(text, t, buffer);
        Py_DECREF(text);
        return key;
    }
    PyObject *returned = PyObject_CallOneArg(nfkc, text);
    Py_DECREF(text);
    if (!returned) return NULL;
    if (!PyUnicode_Check(returned)) {
        Py_DECREF(returned);
        PyErr_SetString(PyExc_TypeError, "keys() takes an nfkc that returns str");
        return NULL;
    }
    PyObject *normal = exact_str(returned);
    Py_DECREF(returned);
    if (!normal) return NULL;
    PyObject *key;
    if (PyUnicode_IS_ASCII(normal)) {
        key = ascii_key(normal, t, buffer);
        Py_DECREF(normal);
        return key;
    }
    PyObject *spelled = translated(normal, t, 0, buffer);
    Py_DECREF(normal);
    if (!spelled) return NULL;
    key = PyObject_CallMethodNoArgs(spelled, casefold_name);
    Py_DECREF(spelled);
    if (!key) return NULL;
    return tidied(key, buffer);
}

static PyObject *core_keys(PyObject *self, PyObject *args) {
    PyObject *texts, *nfkc, *translation;
    if (!PyArg_ParseTuple(args, "O!OO:keys", &PyList_Type, &texts, &nfkc, &translation)) return NULL;
    Spellings *table = PyMem_Malloc(sizeof(Spellings));
    if (!table) return PyErr_NoMemory();
    PyObject *result = NULL;
    Vec buffer = {0};
    if (read_spellings(translation, table) < 0) goto done;
    texts = PySequence_Tuple(texts); /* nfkc may change the list: the texts asked for stay */
    if (!texts) goto done;
    Py_ssize_t n = PyTuple_GET_SIZE(texts);
    result = PyList_New(n);
    for (Py_ssize_t j = 0; result && j < n; j++) {
        PyObject *text = PyTuple_GET_ITEM(texts, j), *key = NULL;
        if (!PyUnicode_Check(text))
            PyErr_SetString(PyExc_TypeError, "keys() takes texts as str");
        else
            key = key_of(text, nfkc, table, &buffer);
        if (!key) Py_CLEAR(result);
        else PyList_SET_ITEM(result, j, key);
    }
    Py_DECREF(texts);
done:
    PyMem_Free(buffer.data);
    PyMem_Free(table);
    return result;
}

/* ---------- setup ---------- */
static PyObject *core_setup(PyObject *self, PyObject *args) {
    PyObject *type, *callback, *forms, *more;
    Py_ssize_t longest;
    unsigned long long random;
    if (!PyArg_ParseTuple(args, "O!OOOnK:setup", &PyType_Type, &type, &callback, &forms, &more, &longest, &random))
        return NULL;
    if (features_type) { /* the slots' places, the seed and the word lists stay what they were */
        PyErr_SetString(PyExc_RuntimeError, "dedupe._core.setup() was called already");
        return NULL;
    }
    Py_ssize_t offsets[SLOTS];
    for (int s = 0; s < SLOTS; s++) {
        PyObject *descriptor = PyDict_GetItemString(((PyTypeObject *)type)->tp_dict, slot_names[s]);
        if (!descriptor || Py_TYPE(descriptor) != &PyMemberDescr_Type) {
            PyErr_Format(PyExc_TypeError, "setup() takes a class with a slot %s", slot_names[s]);
            return NULL;
        }
        PyMemberDef *member = ((PyMemberDescrObject *)descriptor)->d_member;
        if (member->type != Py_T_OBJECT_EX) {
            PyErr_Format(PyExc_TypeError, "setup() takes a class whose %s is an object slot", slot_names[s]);
            return NULL;
        }
        offsets[s] = member->offset;
    }
    PyObject *forms_list = PySequence_List(forms), *more_list = PySequence_List(more);
    if (!forms_list || !more_list) {
        Py_XDECREF(forms_list);
        Py_XDECREF(more_list);
        return NULL;
    }
    uint64_t previous = seed;
    seed = (uint64_t)random;
    Py_ssize_t size = 16;
    while (size < 4 * PyList_GET_SIZE(forms_list)) size *= 2;
    uint64_t *hashes = PyMem_Calloc((size_t)size, sizeof(uint64_t));
    Py_ssize_t count = PyList_GET_SIZE(more_list);
    Py_UCS4 **words = PyMem_Calloc((size_t)count + 1, sizeof(Py_UCS4 *));
    Py_ssize_t *lengths = PyMem_Calloc((size_t)count + 1, sizeof(Py_ssize_t));
    if (!hashes || !words || !lengths) {
        PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t k = 0; k < PyList_GET_SIZE(forms_list); k++) {
        PyObject *form = PyList_GET_ITEM(forms_list, k);
        if (!PyUnicode_Check(form)) {
            PyErr_SetString(PyExc_TypeError, "setup() takes attribution forms as str");
            goto error;
        }
        Py_UCS4 *chars = PyUnicode_AsUCS4Copy(form);
        if (!chars) goto error;
        uint64_t h = hash_chars(chars, PyUnicode_GET_LENGTH(form));
        PyMem_Free(chars);
        if (!h) h = 1;
        Py_ssize_t i = (Py_ssize_t)(h & (uint64_t)(size - 1));
        while (hashes[i] && hashes[i] != h) i = (i + 1) & (size - 1);
        hashes[i] = h;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *word = PyList_GET_ITEM(more_list, k);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "setup() takes read-more words as str");
            goto error;
        }
        words[k] = PyUnicode_AsUCS4Copy(word);
        if (!words[k]) goto error;
        lengths[k] = PyUnicode_GET_LENGTH(word);
    }
    read_more = words; /* nothing was given before: a second call is refused above */
    read_more_length = lengths;
    read_more_count = count;
    attribution_hashes = hashes;
    attribution_size = size;
    memcpy(slot_offset, offsets, sizeof(offsets));
    Py_INCREF(type);
    Py_XSETREF(features_type, (PyTypeObject *)type);
    Py_INCREF(callback);
    Py_XSETREF(complete, callback);
    max_length = longest;
    Py_DECREF(forms_list);
    Py_DECREF(more_list);
    Py_RETURN_NONE;
error:
    seed = previous;
    if (words)
        for (Py_ssize_t k = 0; k < count; k++) PyMem_Free(words[k]);
    PyMem_Free(words);
    PyMem_Free(lengths);
    PyMem_Free(hashes);
    Py_DECREF(forms_list);
    Py_DECREF(more_list);
    return NULL;
}

static PyMethodDef methods[] = {
    {"features", core_features, METH_VARARGS, "features(keys, texts): one Features per key (None past the compared length)"},
    {"meeting", core_meeting, METH_VARARGS, "meeting(f, members, low, high): the members f may be a near copy of"},
    {"keys", core_keys, METH_VARARGS, "keys(texts, nfkc, translation): the reader's key of each text"},
    {"setup", core_setup, METH_VARARGS, "setup(Features, complete, attribution_forms, read_more, max_length, seed)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "dedupe._core", "The compiled twin of dedupe.similarity's features.",
                                    -1, methods};

PyMODINIT_FUNC PyInit__core(void) {
    for (Py_UCS4 c = 0; c < 65536; c++) {
        uint8_t v = 0;
        if (Py_UNICODE_ISALNUM(c) || c == '_') v |= C_WORD;
        if (Py_UNICODE_ISSPACE(c)) v |= C_SPACE;
        if (Py_UNICODE_ISDECIMAL(c)) v |= C_DECIMAL;
        if (Py_UNICODE_ISPRINTABLE(c)) v |= C_PRINTABLE;
        classes[c] = v;
    }
    casefold_name = PyUnicode_InternFromString("casefold");
    if (!casefold_name) return NULL;
    empty_string = PyUnicode_FromStringAndSize("", 0);
    empty_tuple = PyTuple_New(0);
    if (!empty_string || !empty_tuple) return NULL;
    return PyModule_Create(&module);
}
