/* The per-char loop of a text line (lines._make_line) in C: a cell's chars are read one by one
 * to restore the spaces a reader sees, and a page has thousands of them. The arithmetic and the
 * comparisons are the Python loop's, one for one; without this module lines.py runs that loop.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>

/* A number as a double: a float read at once, anything else as Python converts it. */
static inline double
as_double(PyObject *number)
{
    return PyFloat_CheckExact(number) ? PyFloat_AS_DOUBLE(number) : PyFloat_AsDouble(number);
}

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
        edges[k] = as_double(PyTuple_GET_ITEM(box, k));
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
        double size = as_double(PyTuple_GET_ITEM(item, 2));
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

/* A char of a region: its edges, and its place in the region or in its row. */
typedef struct {
    double key;
    Py_ssize_t index;
} Keyed;

/* By key, then by place: a stable sort by key. */
static int
compare_keyed(const void *a, const void *b)
{
    const Keyed *p = a, *q = b;
    if (p->key != q->key) {
        return p->key < q->key ? -1 : 1;
    }
    return (p->index > q->index) - (p->index < q->index);
}

/* A stable sort by key of items whose place is their index. The chars of a region mostly come
 * in order already (by their centre, a text object's side by side): an insertion sort, which
 * moves only what is out of place, gives way to qsort where much is. */
static void
sort_keyed(Keyed *items, Py_ssize_t count)
{
    Py_ssize_t budget = 8 * count;
    for (Py_ssize_t i = 1; i < count; i++) {
        Keyed item = items[i];
        Py_ssize_t j = i;
        while (j > 0 && compare_keyed(&item, items + j - 1) < 0) {
            items[j] = items[j - 1];
            j--;
        }
        items[j] = item;
        budget -= i - j;
        if (budget < 0) {
            qsort(items, count, sizeof(Keyed), compare_keyed);
            return;
        }
    }
}

/* A row while the rows are found: the region's chars on it (by place), its top and bottom. */
typedef struct {
    Py_ssize_t *members;
    Py_ssize_t count;
    Py_ssize_t capacity;
    double top;
    double bottom;
} Row;

static int
row_add(Row *row, const Keyed *chars, Py_ssize_t count)
{
    if (row->count + count > row->capacity) {
        Py_ssize_t capacity = row->capacity ? row->capacity : 8;
        while (capacity < row->count + count) {
            capacity *= 2;
        }
        Py_ssize_t *members = PyMem_Realloc(row->members, capacity * sizeof(Py_ssize_t));
        if (!members) {
            PyErr_NoMemory();
            return -1;
        }
        row->members = members;
        row->capacity = capacity;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        row->members[row->count++] = chars[i].index;
    }
    return 0;
}

/* lines._place: chars of one extent onto the row they overlap enough (of the last three), or
 * onto a new row. */
static int
place(Row **rows, Py_ssize_t *count, Py_ssize_t *capacity, const Keyed *chars, Py_ssize_t n,
      double top, double bottom, double overlap)
{
    double height = bottom - top;
    Py_ssize_t stop = *count > 3 ? *count - 4 : -1;
    for (Py_ssize_t index = *count - 1; index > stop; index--) {
        Row *row = *rows + index;
        double row_top = row->top, row_bottom = row->bottom;
        double shared = (row_bottom < bottom ? row_bottom : bottom) -
                        (row_top > top ? row_top : top);
        double row_height = row_bottom - row_top;
        double smaller = row_height < height ? row_height : height;
        if (smaller == 0.0) {
            smaller = 1.0; /* Python's ``or 1.0`` */
        }
        if (shared >= overlap * smaller) {
            if (row_add(row, chars, n) < 0) {
                return -1;
            }
            if (bottom > row_bottom) {
                row->bottom = bottom;
            }
            return 0;
        }
    }
    if (*count == *capacity) {
        Py_ssize_t grown = *capacity ? 2 * *capacity : 16;
        Row *more = PyMem_Realloc(*rows, grown * sizeof(Row));
        if (!more) {
            PyErr_NoMemory();
            return -1;
        }
        *rows = more;
        *capacity = grown;
    }
    Row *row = *rows + *count;
    *row = (Row){NULL, 0, 0, top, bottom};
    (*count)++;
    return row_add(row, chars, n);
}

PyDoc_STRVAR(lines_doc,
"lines(chars, overlap, space_ratio) -> [(chars, text, x0, top, x1, bottom)] or None\n\n"
"The text lines of a region's chars (lines.text_lines): sorted by their top (stable), runs\n"
"of chars of one extent placed on the row they overlap by overlap times the smaller height\n"
"(a char without height alone), each row sorted by its chars' x0 (stable) and read as\n"
"parts() reads it, with its spaces folded; the rows whose text is not empty, in the order\n"
"found. None where a char's edge is not a number (the Python loop decides).");

static PyObject *
text_lines(PyObject *module, PyObject *args)
{
    PyObject *given;
    double overlap, space_ratio;
    if (!PyArg_ParseTuple(args, "Odd", &given, &overlap, &space_ratio)) {
        return NULL;
    }
    PyObject *chars = PySequence_Fast(given, "the chars are a sequence");
    if (!chars) {
        return NULL;
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(chars);
    PyObject **items = PySequence_Fast_ITEMS(chars);
    Py_ssize_t size = count ? count : 1;
    Keyed *by_top = PyMem_Malloc(size * sizeof(Keyed));
    Keyed *in_row = PyMem_Malloc(size * sizeof(Keyed));
    double *edges = PyMem_Malloc(size * 4 * sizeof(double));
    Row *rows = NULL;
    Py_ssize_t row_count = 0, row_capacity = 0;
    PyObject *out = NULL, *space = NULL, *empty = NULL, *row_list = NULL;
    int not_numbers = 0;
    if (!by_top || !in_row || !edges) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        PyObject *item = items[i];
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 5) {
            PyErr_SetString(PyExc_TypeError, "a char is a tuple of text, font, size, fill, box");
            goto done;
        }
        double *edge = edges + 4 * i;
        if (read_box(PyTuple_GET_ITEM(item, 4), edge) < 0) {
            goto done;
        }
        if (edge[0] != edge[0] || edge[1] != edge[1] || edge[3] != edge[3]) {
            not_numbers = 1;
            goto done;
        }
        by_top[i] = (Keyed){edge[1], i};
    }
    sort_keyed(by_top, count);
    Py_ssize_t start = 0;
    while (start < count) {
        double top = edges[4 * by_top[start].index + 1];
        double bottom = edges[4 * by_top[start].index + 3];
        Py_ssize_t end = start + 1;
        while (end < count && edges[4 * by_top[end].index + 1] == top &&
               edges[4 * by_top[end].index + 3] == bottom) {
            end++;
        }
        if (bottom > top) {
            if (place(&rows, &row_count, &row_capacity, by_top + start, end - start, top, bottom,
                      overlap) < 0) {
                goto done;
            }
        }
        else {
            for (Py_ssize_t i = start; i < end; i++) {
                if (place(&rows, &row_count, &row_capacity, by_top + i, 1, top, bottom,
                          overlap) < 0) {
                    goto done;
                }
            }
        }
        start = end;
    }
    out = PyList_New(0);
    space = PyUnicode_FromOrdinal(' ');
    empty = PyUnicode_New(0, 0);
    if (!out || !space || !empty) {
        goto done;
    }
    for (Py_ssize_t r = 0; r < row_count; r++) {
        Row *row = rows + r;
        for (Py_ssize_t i = 0; i < row->count; i++) {
            in_row[i] = (Keyed){edges[4 * row->members[i]], i};
        }
        sort_keyed(in_row, row->count);
        row_list = PyList_New(row->count);
        if (!row_list) {
            goto done;
        }
        for (Py_ssize_t i = 0; i < row->count; i++) {
            PyObject *item = items[row->members[in_row[i].index]];
            Py_INCREF(item);
            PyList_SET_ITEM(row_list, i, item);
        }
        double top, bottom, x1;
        PyObject *parts = row_parts(row_list, space_ratio, &top, &bottom, &x1);
        if (!parts) {
            goto done;
        }
        /* " ".join("".join(parts).split()) */
        PyObject *joined = PyUnicode_Join(empty, parts);
        Py_DECREF(parts);
        if (!joined) {
            goto done;
        }
        PyObject *words = PyUnicode_Split(joined, NULL, -1);
        Py_DECREF(joined);
        if (!words) {
            goto done;
        }
        PyObject *text = PyUnicode_Join(space, words);
        Py_DECREF(words);
        if (!text) {
            goto done;
        }
        if (PyUnicode_GET_LENGTH(text) == 0) {
            Py_DECREF(text);
            Py_CLEAR(row_list);
            continue;
        }
        PyObject *row_tuple = PyList_AsTuple(row_list);
        if (!row_tuple) {
            Py_DECREF(text);
            goto done;
        }
        PyObject *x0 = PyTuple_GET_ITEM(PyTuple_GET_ITEM(PyList_GET_ITEM(row_list, 0), 4), 0);
        PyObject *line = Py_BuildValue("(NNOddd)", row_tuple, text, x0, top, x1, bottom);
        Py_CLEAR(row_list);
        if (!line) {
            goto done;
        }
        int failed = PyList_Append(out, line);
        Py_DECREF(line);
        if (failed < 0) {
            goto done;
        }
    }
done:
    for (Py_ssize_t r = 0; r < row_count; r++) {
        PyMem_Free(rows[r].members);
    }
    PyMem_Free(rows);
    PyMem_Free(by_top);
    PyMem_Free(in_row);
    PyMem_Free(edges);
    Py_XDECREF(row_list);
    Py_XDECREF(space);
    Py_XDECREF(empty);
    Py_DECREF(chars);
    if (PyErr_Occurred()) {
        Py_XDECREF(out);
        return NULL;
    }
    if (not_numbers) {
        Py_XDECREF(out);
        Py_RETURN_NONE;
    }
    return out;
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
