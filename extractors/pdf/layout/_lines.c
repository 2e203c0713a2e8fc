/* The per-char loop of a text line (lines._make_line) in C: a cell's chars are read one by one
 * to restore the spaces a reader sees, and a page has thousands of them. The arithmetic and the
 * comparisons are the Python loop's, one for one; without this module lines.py runs that loop.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static PyObject *
line_parts(PyObject *module, PyObject *args)
{
    PyObject *row;
    double space_ratio;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &row, &space_ratio)) {
        return NULL;
    }
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
    return Py_BuildValue("(Nddd)", parts, top, bottom, x1);
fail:
    Py_XDECREF(space);
    Py_XDECREF(parts);
    return NULL;
}

static PyMethodDef methods[] = {
    {"parts", line_parts, METH_VARARGS, parts_doc},
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
