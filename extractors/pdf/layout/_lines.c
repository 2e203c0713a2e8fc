/* The per-char loop of a text line (lines._make_line) in C: a cell's chars are read one by one
 * to restore the spaces a reader sees, and a page has thousands of them. The arithmetic and the
 * comparisons are the Python loop's, one for one; without this module lines.py runs that loop.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

PyDoc_STRVAR(parts_doc,
"parts(row, space_ratio) -> (parts, top, bottom, x1)\n\n"
"A row of chars (named tuples text, font, size, fill, bbox, upright; bbox x0, top, x1,\n"
"bottom), sorted left to right: the pieces of its text, a blank char as \" \" and a \" \"\n"
"put between two chars whose gap exceeds space_ratio times the larger of their sizes (at\n"
"least 1); and the row's top, bottom and right edge, starting from its first char's.");

static int
read_box(PyObject *box, double *edges)
{
    if (!PyTuple_Check(box) || PyTuple_GET_SIZE(box) < 4) {
        PyErr_SetString(PyExc_TypeError, "a char's box is a tuple of four numbers");
        return -1;
    }
    for (int k = 0; k < 4; k++) {
        edges[k] = PyFloat_AsDouble(PyTuple_GET_ITEM(box, k));
    }
    return PyErr_Occurred() ? -1 : 0;
}

static int
is_blank(PyObject *text)
{
    /* str.isspace(): at least one char, every char whitespace. */
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (length == 0) {
        return 0;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < length; i++) {
        if (!Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i))) {
            return 0;
        }
    }
    return 1;
}

/* The pieces of a row's text and its top, bottom and right edge (see parts_doc); a new
 * reference to the list of pieces, or NULL with an exception set. */
static PyObject *
row_parts(PyObject *row, double space_ratio, double *top_out, double *bottom_out, double *x1_out)
{
    Py_ssize_t count = PyList_GET_SIZE(row);
    if (count == 0) {
        PyErr_SetString(PyExc_ValueError, "a row of at least one char");
        return NULL;
    }
    PyObject *space = PyUnicode_FromOrdinal(' ');
    PyObject *parts = PyList_New(0);
    if (!space || !parts) {
        goto fail;
    }
    double top = 0.0, bottom = 0.0, x1 = 0.0;
    int previous_blank = 1;
    double previous_x1 = 0.0, previous_size = 0.0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = PyList_GET_ITEM(row, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 5) {
            PyErr_SetString(PyExc_TypeError, "a char is a tuple of text, font, size, fill, box");
            goto fail;
        }
        PyObject *text = PyTuple_GET_ITEM(item, 0);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "a char's text is a str");
            goto fail;
        }
        double size = PyFloat_AsDouble(PyTuple_GET_ITEM(item, 2));
        double box[4];
        if ((size == -1.0 && PyErr_Occurred()) || read_box(PyTuple_GET_ITEM(item, 4), box) < 0) {
            goto fail;
        }
        if (i == 0) {
            top = box[1];
            bottom = box[3];
            x1 = box[2];
        }
        int blank = is_blank(text);
        if (blank) {
            text = space;
        }
        else if (!previous_blank) {
            double larger = size > previous_size ? size : previous_size;
            if (box[0] - previous_x1 > space_ratio * (larger > 1.0 ? larger : 1.0)) {
                if (PyList_Append(parts, space) < 0) {
                    goto fail;
                }
            }
        }
        if (PyList_Append(parts, text) < 0) {
            goto fail;
        }
        previous_blank = blank;
        previous_x1 = box[2];
        previous_size = size;
        if (box[1] < top) {
            top = box[1];
        }
        if (box[3] > bottom) {
            bottom = box[3];
        }
        if (box[2] > x1) {
            x1 = box[2];
        }
    }
    Py_DECREF(space);
    *top_out = top;
    *bottom_out = bottom;
    *x1_out = x1;
    return parts;
fail:
    Py_XDECREF(space);
    Py_XDECREF(parts);
    return NULL;
}

static PyObject *
line_parts(PyObject *module, PyObject *args)
{
    PyObject *row;
    double space_ratio;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &row, &space_ratio)) {
        return NULL;
    }
    double top, bottom, x1;
    PyObject *parts = row_parts(row, space_ratio, &top, &bottom, &x1);
    if (!parts) {
        return NULL;
    }
    return Py_BuildValue("(Nddd)", parts, top, bottom, x1);
}

/* A char's top and bottom, read from its box; -1 with an exception set where it has none. */
static int
char_extent(PyObject *item, double *top, double *bottom)
{
    double box[4];
    if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 5) {
        PyErr_SetString(PyExc_TypeError, "a char is a tuple of text, font, size, fill, box");
        return -1;
    }
    if (read_box(PyTuple_GET_ITEM(item, 4), box) < 0) {
        return -1;
    }
    *top = box[1];
    *bottom = box[3];
    return 0;
}

/* The rows of a region while they are found: each a list of chars, with its top and bottom. */
typedef struct {
    PyObject *rows;
    double *tops;
    double *bottoms;
    Py_ssize_t capacity;
} Rows;

/* lines._place: chars of one extent onto the row they overlap enough (of the last three), or
 * onto a new row. ``run`` is a new list of the chars, whose reference this steals. */
static int
place(Rows *rows, PyObject *run, double top, double bottom, double overlap)
{
    double height = bottom - top;
    Py_ssize_t count = PyList_GET_SIZE(rows->rows);
    Py_ssize_t stop = count > 3 ? count - 4 : -1;
    for (Py_ssize_t index = count - 1; index > stop; index--) {
        double row_top = rows->tops[index], row_bottom = rows->bottoms[index];
        double shared = (row_bottom < bottom ? row_bottom : bottom) -
                        (row_top > top ? row_top : top);
        double row_height = row_bottom - row_top;
        double smaller = row_height < height ? row_height : height;
        if (smaller == 0.0) {
            smaller = 1.0; /* Python's ``or 1.0`` */
        }
        if (shared >= overlap * smaller) {
            PyObject *row = PyList_GET_ITEM(rows->rows, index);
            Py_ssize_t end = PyList_GET_SIZE(row);
            int failed = PyList_SetSlice(row, end, end, run);
            Py_DECREF(run);
            if (failed < 0) {
                return -1;
            }
            if (bottom > row_bottom) {
                rows->bottoms[index] = bottom;
            }
            return 0;
        }
    }
    if (count == rows->capacity) {
        Py_ssize_t capacity = rows->capacity ? 2 * rows->capacity : 16;
        double *tops = PyMem_Realloc(rows->tops, capacity * sizeof(double));
        if (!tops) {
            Py_DECREF(run);
            PyErr_NoMemory();
            return -1;
        }
        rows->tops = tops;
        double *bottoms = PyMem_Realloc(rows->bottoms, capacity * sizeof(double));
        if (!bottoms) {
            Py_DECREF(run);
            PyErr_NoMemory();
            return -1;
        }
        rows->bottoms = bottoms;
        rows->capacity = capacity;
    }
    int failed = PyList_Append(rows->rows, run);
    Py_DECREF(run);
    if (failed < 0) {
        return -1;
    }
    rows->tops[count] = top;
    rows->bottoms[count] = bottom;
    return 0;
}

PyDoc_STRVAR(lines_doc,
"lines(chars, overlap, space_ratio, x0) -> [(chars, text, x0, top, x1, bottom)] or None\n\n"
"The text lines of chars sorted by their top (lines.text_lines after its sort): runs of\n"
"chars of one extent placed on the row they overlap by overlap times the smaller height (a\n"
"char without height alone), each row sorted by x0 (a key function) and read as parts()\n"
"reads it, with its spaces folded; the rows whose text is not empty, in the order found.\n"
"None where a char's extent is not a number (the Python loop decides).");

static PyObject *
text_lines(PyObject *module, PyObject *args)
{
    PyObject *chars, *x0_key;
    double overlap, space_ratio;
    if (!PyArg_ParseTuple(args, "O!ddO", &PyList_Type, &chars, &overlap, &space_ratio, &x0_key)) {
        return NULL;
    }
    Rows rows = {PyList_New(0), NULL, NULL, 0};
    PyObject *out = NULL, *sort = NULL, *sort_args = NULL, *sort_keywords = NULL;
    PyObject *space = NULL, *empty = NULL;
    if (!rows.rows) {
        return NULL;
    }
    Py_ssize_t count = PyList_GET_SIZE(chars);
    Py_ssize_t start = 0;
    while (start < count) {
        double top, bottom;
        if (char_extent(PyList_GET_ITEM(chars, start), &top, &bottom) < 0) {
            goto fail;
        }
        if (top != top || bottom != bottom) {
            Py_DECREF(rows.rows);
            PyMem_Free(rows.tops);
            PyMem_Free(rows.bottoms);
            Py_RETURN_NONE;
        }
        Py_ssize_t end = start + 1;
        while (end < count) {
            double next_top, next_bottom;
            if (char_extent(PyList_GET_ITEM(chars, end), &next_top, &next_bottom) < 0) {
                goto fail;
            }
            if (next_top != top || next_bottom != bottom) {
                break;
            }
            end++;
        }
        if (bottom > top) {
            PyObject *run = PyList_GetSlice(chars, start, end);
            if (!run || place(&rows, run, top, bottom, overlap) < 0) {
                goto fail;
            }
        }
        else {
            for (Py_ssize_t i = start; i < end; i++) {
                PyObject *run = PyList_GetSlice(chars, i, i + 1);
                if (!run || place(&rows, run, top, bottom, overlap) < 0) {
                    goto fail;
                }
            }
        }
        start = end;
    }
    out = PyList_New(0);
    sort_args = PyTuple_New(0);
    sort_keywords = Py_BuildValue("{sO}", "key", x0_key);
    space = PyUnicode_FromOrdinal(' ');
    empty = PyUnicode_New(0, 0);
    if (!out || !sort_args || !sort_keywords || !space || !empty) {
        goto fail;
    }
    Py_ssize_t found = PyList_GET_SIZE(rows.rows);
    for (Py_ssize_t r = 0; r < found; r++) {
        PyObject *row = PyList_GET_ITEM(rows.rows, r);
        sort = PyObject_GetAttrString(row, "sort");
        if (!sort) {
            goto fail;
        }
        PyObject *sorted = PyObject_Call(sort, sort_args, sort_keywords);
        Py_CLEAR(sort);
        if (!sorted) {
            goto fail;
        }
        Py_DECREF(sorted);
        double top, bottom, x1;
        PyObject *parts = row_parts(row, space_ratio, &top, &bottom, &x1);
        if (!parts) {
            goto fail;
        }
        /* " ".join("".join(parts).split()) */
        PyObject *joined = PyUnicode_Join(empty, parts);
        Py_DECREF(parts);
        if (!joined) {
            goto fail;
        }
        PyObject *words = PyUnicode_Split(joined, NULL, -1);
        Py_DECREF(joined);
        if (!words) {
            goto fail;
        }
        PyObject *text = PyUnicode_Join(space, words);
        Py_DECREF(words);
        if (!text) {
            goto fail;
        }
        if (PyUnicode_GET_LENGTH(text) == 0) {
            Py_DECREF(text);
            continue;
        }
        PyObject *first = PyList_GET_ITEM(row, 0);
        PyObject *x0 = PyTuple_GET_ITEM(PyTuple_GET_ITEM(first, 4), 0);
        PyObject *line = Py_BuildValue("(NNOddd)", PyList_AsTuple(row), text, x0, top, x1, bottom);
        if (!line) {
            goto fail;
        }
        int failed = PyList_Append(out, line);
        Py_DECREF(line);
        if (failed < 0) {
            goto fail;
        }
    }
    Py_DECREF(rows.rows);
    PyMem_Free(rows.tops);
    PyMem_Free(rows.bottoms);
    Py_DECREF(sort_args);
    Py_DECREF(sort_keywords);
    Py_DECREF(space);
    Py_DECREF(empty);
    return out;
fail:
    Py_XDECREF(rows.rows);
    PyMem_Free(rows.tops);
    PyMem_Free(rows.bottoms);
    Py_XDECREF(out);
    Py_XDECREF(sort);
    Py_XDECREF(sort_args);
    Py_XDECREF(sort_keywords);
    Py_XDECREF(space);
    Py_XDECREF(empty);
    return NULL;
}

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

PyDoc_STRVAR(ink_doc,
"ink(chars, gap_share) -> (runs, height) or None\n\n"
"The ink of a page's chars (bands._ink): the boxes of its upright chars that are neither\n"
"empty nor blank; their median height (the upper median of those with height; 10.0 where\n"
"none has); and the boxes as runs (bands._runs), consecutive boxes of one extent whose left\n"
"edge lies from 0.5 before the run's right edge to less than gap_share times the height\n"
"after it taken into the run, each run a tuple (x0, top, x1, bottom) of the boxes' own\n"
"numbers. None where a box holds a value that is not a number (the Python loop decides).");

static PyObject *
ink_runs(PyObject *module, PyObject *args)
{
    PyObject *chars;
    double gap_share;
    if (!PyArg_ParseTuple(args, "Od", &chars, &gap_share)) {
        return NULL;
    }
    PyObject *sequence = PySequence_Fast(chars, "the chars are a sequence");
    if (!sequence) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(sequence);
    PyObject **items = PySequence_Fast_ITEMS(sequence);
    PyObject **boxes = PyMem_Malloc((count ? count : 1) * sizeof(PyObject *));
    double *edges = PyMem_Malloc((count ? count : 1) * 4 * sizeof(double));
    double *heights = PyMem_Malloc((count ? count : 1) * sizeof(double));
    PyObject *runs = NULL;
    if (!boxes || !edges || !heights) {
        PyErr_NoMemory();
        goto fail;
    }
    Py_ssize_t glyphs = 0, tall = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = items[i];
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 6) {
            PyErr_SetString(PyExc_TypeError, "a char is a tuple of six");
            goto fail;
        }
        int upright = PyObject_IsTrue(PyTuple_GET_ITEM(item, 5));
        if (upright < 0) {
            goto fail;
        }
        PyObject *text = PyTuple_GET_ITEM(item, 0);
        if (!upright) {
            continue;
        }
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "a char's text is a str");
            goto fail;
        }
        if (PyUnicode_GET_LENGTH(text) == 0 || is_blank(text)) {
            continue;
        }
        PyObject *box = PyTuple_GET_ITEM(item, 4);
        double *edge = edges + 4 * glyphs;
        if (read_box(box, edge) < 0) {
            goto fail;
        }
        for (int k = 0; k < 4; k++) {
            if (edge[k] != edge[k]) {
                goto not_numbers;
            }
        }
        boxes[glyphs++] = box;
        if (edge[3] > edge[1]) {
            heights[tall++] = edge[3] - edge[1];
        }
    }
    double height = 10.0;
    if (tall) {
        qsort(heights, tall, sizeof(double), compare_doubles);
        height = heights[tall / 2];
    }
    double closer_than = gap_share * height;
    runs = PyList_New(0);
    if (!runs) {
        goto fail;
    }
    Py_ssize_t first = 0;
    while (first < glyphs) {
        /* The run's x0, top and bottom are its first box's; its x1 the box that reaches
         * furthest right, the first such. */
        const double *start = edges + 4 * first;
        double x1 = start[2];
        Py_ssize_t x1_from = first;
        Py_ssize_t next = first + 1;
        while (next < glyphs) {
            const double *edge = edges + 4 * next;
            if (!(edge[1] == start[1] && edge[3] == start[3] && x1 - 0.5 <= edge[0] &&
                  edge[0] < x1 + closer_than)) {
                break;
            }
            if (edge[2] > x1) {
                x1 = edge[2];
                x1_from = next;
            }
            next++;
        }
        PyObject *box = boxes[first];
        PyObject *run = PyTuple_Pack(4, PyTuple_GET_ITEM(box, 0), PyTuple_GET_ITEM(box, 1),
                                     PyTuple_GET_ITEM(boxes[x1_from], 2), PyTuple_GET_ITEM(box, 3));
        if (!run) {
            goto fail;
        }
        int failed = PyList_Append(runs, run);
        Py_DECREF(run);
        if (failed < 0) {
            goto fail;
        }
        first = next;
    }
    PyMem_Free(boxes);
    PyMem_Free(edges);
    PyMem_Free(heights);
    Py_DECREF(sequence);
    return Py_BuildValue("(Nd)", runs, height);
not_numbers:
    PyMem_Free(boxes);
    PyMem_Free(edges);
    PyMem_Free(heights);
    Py_DECREF(sequence);
    Py_RETURN_NONE;
fail:
    PyMem_Free(boxes);
    PyMem_Free(edges);
    PyMem_Free(heights);
    Py_XDECREF(runs);
    Py_DECREF(sequence);
    return NULL;
}

static PyMethodDef methods[] = {
    {"parts", line_parts, METH_VARARGS, parts_doc},
    {"lines", text_lines, METH_VARARGS, lines_doc},
    {"ink", ink_runs, METH_VARARGS, ink_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    "_lines",
    "The per-char loop of a text line, in C.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__lines(void)
{
    return PyModule_Create(&definition);
}
