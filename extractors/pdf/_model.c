/* The sharing out of a band's chars among its boxes (model.Page.split) in C: a table row is cut
 * into cells this way, every row of every page. The comparisons are the Python code's, one for
 * one; without this module model.py runs it.
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

/* A char's place in a band, by its horizontal centre then its place in the page's index. */
typedef struct {
    double x;
    Py_ssize_t index;
} Placed;

static int
compare_placed(const void *a, const void *b)
{
    const Placed *p = a, *q = b;
    if (p->x != q->x) {
        return p->x < q->x ? -1 : 1;
    }
    return (p->index > q->index) - (p->index < q->index);
}

static int
compare_indices(const void *a, const void *b)
{
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

static int
read_floats(PyObject *list, Py_ssize_t lo, Py_ssize_t hi, double *out)
{
    for (Py_ssize_t i = lo; i < hi; i++) {
        out[i - lo] = as_double(PyList_GET_ITEM(list, i));
        if (out[i - lo] == -1.0 && PyErr_Occurred()) {
            return -1;
        }
    }
    return 0;
}

PyDoc_STRVAR(split_doc,
"split(keys, chars, mids_x, lo, hi, limits, top, bottom) -> [tuple of chars] or None\n\n"
"The chars of each box of a band (model.Page.split): of the index's chars lo..hi (keys their\n"
"vertical centres, mids_x their horizontal ones), those whose horizontal centre lies within\n"
"a limit's x0..x1 and, for a limit shorter than the band top..bottom, whose vertical centre\n"
"lies within its top..bottom; in the index's order. limits are (x0, x1, top, bottom) tuples.\n"
"None where a centre is not a number (the Python loop decides).");

static PyObject *
split_chars(PyObject *module, PyObject *args)
{
    PyObject *keys, *chars, *mids_x, *limits;
    Py_ssize_t lo, hi;
    double top, bottom;
    if (!PyArg_ParseTuple(args, "O!O!O!nnO!dd", &PyList_Type, &keys, &PyList_Type, &chars,
                          &PyList_Type, &mids_x, &lo, &hi, &PyList_Type, &limits, &top,
                          &bottom)) {
        return NULL;
    }
    if (lo < 0 || hi < lo || hi > PyList_GET_SIZE(keys) || hi > PyList_GET_SIZE(chars) ||
        hi > PyList_GET_SIZE(mids_x)) {
        PyErr_SetString(PyExc_IndexError, "lo..hi outside the index");
        return NULL;
    }
    Py_ssize_t count = hi - lo;
    Placed *placed = PyMem_Malloc((count ? count : 1) * sizeof(Placed));
    double *ys = PyMem_Malloc((count ? count : 1) * sizeof(double));
    double *xs = PyMem_Malloc((count ? count : 1) * sizeof(double));
    Py_ssize_t *members = PyMem_Malloc((count ? count : 1) * sizeof(Py_ssize_t));
    PyObject *out = NULL;
    if (!placed || !ys || !xs || !members) {
        PyErr_NoMemory();
        goto fail;
    }
    if (read_floats(keys, lo, hi, ys) < 0 || read_floats(mids_x, lo, hi, xs) < 0) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        if (xs[i] != xs[i] || ys[i] != ys[i]) {
            goto not_numbers;
        }
        placed[i].x = xs[i];
        placed[i].index = lo + i;
    }
    /* sorted(range(lo, hi), key=mids_x.__getitem__): stable, so ties keep the index order. */
    qsort(placed, count, sizeof(Placed), compare_placed);
    Py_ssize_t boxes = PyList_GET_SIZE(limits);
    out = PyList_New(boxes);
    if (!out) {
        goto fail;
    }
    for (Py_ssize_t b = 0; b < boxes; b++) {
        PyObject *limit = PyList_GET_ITEM(limits, b);
        double x0, x1, t, u;
        if (!PyArg_ParseTuple(limit, "dddd", &x0, &x1, &t, &u)) {
            goto fail;
        }
        if (x0 != x0 || x1 != x1 || t != t || u != u) {
            goto not_numbers;
        }
        /* bisect_left(xs, x0) .. bisect_right(xs, x1) */
        Py_ssize_t low = 0, high = count;
        while (low < high) {
            Py_ssize_t middle = (low + high) / 2;
            if (placed[middle].x < x0) {
                low = middle + 1;
            }
            else {
                high = middle;
            }
        }
        Py_ssize_t first = low;
        high = count;
        while (low < high) {
            Py_ssize_t middle = (low + high) / 2;
            if (x1 < placed[middle].x) {
                high = middle;
            }
            else {
                low = middle + 1;
            }
        }
        Py_ssize_t found = 0;
        int shorter = t > top || u < bottom;
        for (Py_ssize_t i = first; i < low; i++) {
            Py_ssize_t index = placed[i].index;
            double key = ys[index - lo];
            if (!shorter || (t <= key && key <= u)) {
                members[found++] = index;
            }
        }
        qsort(members, found, sizeof(Py_ssize_t), compare_indices);
        PyObject *part = PyTuple_New(found);
        if (!part) {
            goto fail;
        }
        for (Py_ssize_t i = 0; i < found; i++) {
            PyObject *item = PyList_GET_ITEM(chars, members[i]);
            Py_INCREF(item);
            PyTuple_SET_ITEM(part, i, item);
        }
        PyList_SET_ITEM(out, b, part);
    }
    PyMem_Free(placed);
    PyMem_Free(ys);
    PyMem_Free(xs);
    PyMem_Free(members);
    return out;
not_numbers:
    Py_XDECREF(out);
    PyMem_Free(placed);
    PyMem_Free(ys);
    PyMem_Free(xs);
    PyMem_Free(members);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(out);
    PyMem_Free(placed);
    PyMem_Free(ys);
    PyMem_Free(xs);
    PyMem_Free(members);
    return NULL;
}

static PyMethodDef methods[] = {
    {"split", split_chars, METH_VARARGS, split_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    "_model",
    "The sharing out of a band's chars among its boxes, in C.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__model(void)
{
    return PyModule_Create(&definition);
}
