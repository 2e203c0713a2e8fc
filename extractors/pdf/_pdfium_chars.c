/* What PDFium knows of each char, text object and page object of a page, read in C loops.
 *
 * Called through ctypes, every PDFium function costs a Python-level foreign call, and a page has
 * thousands of chars; a browser's page as many text objects, one per glyph. Here the reads made
 * per char (its text object, origin and flags), per text object (its style) and per page object
 * (its address and type) run in loops in C; the PDFium functions are handed over as addresses by
 * the Python backend, which keeps ownership of the library. The chars of a run of plain glyphs
 * are built here too, one named tuple per char and per box, with the Python backend's arithmetic
 * operation for operation (compiled without contracting a multiply and an add into one, which
 * would round differently). Without this module the backend makes the same calls through ctypes
 * and builds the same chars in Python, with the same results.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef void *(*get_text_object_fn)(void *text_page, int index);
typedef int (*get_char_origin_fn)(void *text_page, int index, double *x, double *y);
typedef int (*is_generated_fn)(void *text_page, int index);
typedef int (*has_map_error_fn)(void *text_page, int index);
typedef struct {
    float a, b, c, d, e, f;
} matrix_t;
typedef int (*get_matrix_fn)(void *text_page, int index, matrix_t *matrix);
typedef int (*get_font_size_fn)(void *text_object, float *size);
typedef void *(*get_font_fn)(void *text_object);
typedef int (*get_fill_fn)(void *object, unsigned int *r, unsigned int *g, unsigned int *b,
                           unsigned int *a);
typedef void *(*get_page_object_fn)(void *page, int index);
typedef void *(*get_form_object_fn)(void *form, unsigned long index);
typedef int (*get_type_fn)(void *object);

PyDoc_STRVAR(read_doc,
"read(text_page, get_text_object, get_char_origin, is_generated, has_map_error, count)\n"
"    -> (objects, origins, flags)\n\n"
"For chars 0..count-1 of the text page: the address of each char's text object (0 for a char\n"
"PDFium generated between objects) as count native unsigned 64-bit ints, each char's origin as\n"
"2 * count native doubles (x, y), and count bytes of flags: 1 where PDFium generated the char,\n"
"2 where its font maps it to no Unicode. All arguments but count are addresses.");

static PyObject *
read_chars(PyObject *module, PyObject *args)
{
    unsigned long long page, object_fn, origin_fn, generated_fn, map_error_fn;
    int count;
    if (!PyArg_ParseTuple(
            args, "KKKKKi", &page, &object_fn, &origin_fn, &generated_fn, &map_error_fn, &count)) {
        return NULL;
    }
    if (count < 0 || !page || !object_fn || !origin_fn || !generated_fn || !map_error_fn) {
        PyErr_SetString(PyExc_ValueError, "a text page, four functions and a count >= 0");
        return NULL;
    }
    PyObject *objects = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)count * 8);
    PyObject *origins = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)count * 16);
    PyObject *generated = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)count);
    if (objects == NULL || origins == NULL || generated == NULL) {
        Py_XDECREF(objects);
        Py_XDECREF(origins);
        Py_XDECREF(generated);
        return NULL;
    }
    uint64_t *keys = (uint64_t *)PyBytes_AS_STRING(objects);
    double *xy = (double *)PyBytes_AS_STRING(origins);
    char *flags = PyBytes_AS_STRING(generated);
    void *text_page = (void *)(uintptr_t)page;
    get_text_object_fn get_text_object = (get_text_object_fn)(uintptr_t)object_fn;
    get_char_origin_fn get_char_origin = (get_char_origin_fn)(uintptr_t)origin_fn;
    is_generated_fn is_generated = (is_generated_fn)(uintptr_t)generated_fn;
    has_map_error_fn has_map_error = (has_map_error_fn)(uintptr_t)map_error_fn;
    for (int index = 0; index < count; index++) {
        keys[index] = (uint64_t)(uintptr_t)get_text_object(text_page, index);
        xy[2 * index] = 0.0;
        xy[2 * index + 1] = 0.0;
        get_char_origin(text_page, index, &xy[2 * index], &xy[2 * index + 1]);
        flags[index] = (char)((is_generated(text_page, index) == 1)
                              | ((has_map_error(text_page, index) == 1) << 1));
    }
    return Py_BuildValue("(NNN)", objects, origins, generated);
}

PyDoc_STRVAR(runs_doc,
"runs(text_page, objects, get_matrix, get_font_size, get_font, get_fill)\n"
"    -> (starts, ends, keys, matrices, sizes, fonts, fills)\n\n"
"The runs of chars of one text object in ``objects`` (read's first answer): each run's first\n"
"and past-last index (native 32-bit ints), its text object's address (native unsigned 64-bit),\n"
"the char matrix of its first char (a, b, c, d as four native doubles), its object's font size\n"
"(a native double, 0 where PDFium gives none), font (address) and fill colour (four bytes: 1\n"
"where PDFium gives one, then red, green, blue). Chars of no object (0) are in no run.");

static PyObject *
read_runs(PyObject *module, PyObject *args)
{
    unsigned long long page, matrix_fn, size_fn, font_fn, fill_fn;
    Py_buffer objects;
    if (!PyArg_ParseTuple(args, "Ky*KKKK", &page, &objects, &matrix_fn, &size_fn, &font_fn,
                          &fill_fn)) {
        return NULL;
    }
    if (!page || !matrix_fn || !size_fn || !font_fn || !fill_fn || objects.len % 8) {
        PyBuffer_Release(&objects);
        PyErr_SetString(PyExc_ValueError, "a text page, its objects and four functions");
        return NULL;
    }
    const uint64_t *keys_in = (const uint64_t *)objects.buf;
    Py_ssize_t count = objects.len / 8, runs = 0;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (keys_in[i] && (i == 0 || keys_in[i] != keys_in[i - 1])) {
            runs++;
        }
    }
    PyObject *starts = PyBytes_FromStringAndSize(NULL, runs * 4);
    PyObject *ends = PyBytes_FromStringAndSize(NULL, runs * 4);
    PyObject *keys = PyBytes_FromStringAndSize(NULL, runs * 8);
    PyObject *matrices = PyBytes_FromStringAndSize(NULL, runs * 32);
    PyObject *sizes = PyBytes_FromStringAndSize(NULL, runs * 8);
    PyObject *fonts = PyBytes_FromStringAndSize(NULL, runs * 8);
    PyObject *fills = PyBytes_FromStringAndSize(NULL, runs * 4);
    if (!starts || !ends || !keys || !matrices || !sizes || !fonts || !fills) {
        Py_XDECREF(starts);
        Py_XDECREF(ends);
        Py_XDECREF(keys);
        Py_XDECREF(matrices);
        Py_XDECREF(sizes);
        Py_XDECREF(fonts);
        Py_XDECREF(fills);
        PyBuffer_Release(&objects);
        return NULL;
    }
    int32_t *start = (int32_t *)PyBytes_AS_STRING(starts);
    int32_t *end = (int32_t *)PyBytes_AS_STRING(ends);
    uint64_t *key = (uint64_t *)PyBytes_AS_STRING(keys);
    double *matrix = (double *)PyBytes_AS_STRING(matrices);
    double *size = (double *)PyBytes_AS_STRING(sizes);
    uint64_t *font = (uint64_t *)PyBytes_AS_STRING(fonts);
    unsigned char *fill = (unsigned char *)PyBytes_AS_STRING(fills);
    void *text_page = (void *)(uintptr_t)page;
    get_matrix_fn get_matrix = (get_matrix_fn)(uintptr_t)matrix_fn;
    get_font_size_fn get_font_size = (get_font_size_fn)(uintptr_t)size_fn;
    get_font_fn get_font = (get_font_fn)(uintptr_t)font_fn;
    get_fill_fn get_fill = (get_fill_fn)(uintptr_t)fill_fn;
    Py_ssize_t run = -1;
    for (Py_ssize_t i = 0; i < count; i++) {
        if (!keys_in[i]) {
            continue;
        }
        if (run >= 0 && keys_in[i] == key[run] && end[run] == i) {
            end[run] = (int32_t)(i + 1);
            continue;
        }
        run++;
        start[run] = (int32_t)i;
        end[run] = (int32_t)(i + 1);
        key[run] = keys_in[i];
        void *text_object = (void *)(uintptr_t)keys_in[i];
        matrix_t m = {0, 0, 0, 0, 0, 0};
        get_matrix(text_page, (int)i, &m);
        matrix[4 * run] = m.a;
        matrix[4 * run + 1] = m.b;
        matrix[4 * run + 2] = m.c;
        matrix[4 * run + 3] = m.d;
        float font_size = 0.0f;
        get_font_size(text_object, &font_size);
        size[run] = font_size;
        font[run] = (uint64_t)(uintptr_t)get_font(text_object);
        unsigned int r = 0, g = 0, b = 0, a = 0;
        int filled = get_fill(text_object, &r, &g, &b, &a) != 0;
        if (!filled) {
            r = g = b = 0;
        }
        fill[4 * run] = (unsigned char)filled;
        fill[4 * run + 1] = (unsigned char)r;
        fill[4 * run + 2] = (unsigned char)g;
        fill[4 * run + 3] = (unsigned char)b;
    }
    PyBuffer_Release(&objects);
    return Py_BuildValue("(NNNNNNN)", starts, ends, keys, matrices, sizes, fonts, fills);
}

PyDoc_STRVAR(objects_doc,
"objects(holder, count, get_object, get_type, form) -> (addresses, types)\n\n"
"The ``count`` page objects of a page (form false; get_object FPDFPage_GetObject) or of a form\n"
"object (form true; FPDFFormObj_GetObject): their addresses as native unsigned 64-bit ints\n"
"(0 where PDFium gives none) and their types as native 32-bit ints.");

static PyObject *
read_objects(PyObject *module, PyObject *args)
{
    unsigned long long holder, object_fn, type_fn;
    int count, form;
    if (!PyArg_ParseTuple(args, "KiKKp", &holder, &count, &object_fn, &type_fn, &form)) {
        return NULL;
    }
    if (count < 0 || !holder || !object_fn || !type_fn) {
        PyErr_SetString(PyExc_ValueError, "a page or form, a count >= 0 and two functions");
        return NULL;
    }
    PyObject *addresses = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)count * 8);
    PyObject *types = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)count * 4);
    if (!addresses || !types) {
        Py_XDECREF(addresses);
        Py_XDECREF(types);
        return NULL;
    }
    uint64_t *address = (uint64_t *)PyBytes_AS_STRING(addresses);
    int32_t *type = (int32_t *)PyBytes_AS_STRING(types);
    get_type_fn get_type = (get_type_fn)(uintptr_t)type_fn;
    for (int i = 0; i < count; i++) {
        void *object = form ? ((get_form_object_fn)(uintptr_t)object_fn)(
                                  (void *)(uintptr_t)holder, (unsigned long)i)
                            : ((get_page_object_fn)(uintptr_t)object_fn)(
                                  (void *)(uintptr_t)holder, i);
        address[i] = (uint64_t)(uintptr_t)object;
        type[i] = object ? get_type(object) : 0;
    }
    return Py_BuildValue("(NN)", addresses, types);
}

PyDoc_STRVAR(straight_doc,
"straight(char_type, box_type, text, xs, widths, shift, a, size, upper, lower, font, fill,\n"
"         upright) -> (chars, mids)\n\n"
"The chars of unrotated glyphs on one baseline, one per char of ``text``: char i has its origin\n"
"at xs[i] (user space) and advances widths[i] per unit size. Its box runs from\n"
"xs[i] + shift to xs[i] + a * (widths[i] * size) + shift across, upper to lower down; the\n"
"char is char_type(text[i], font, lower - upper, fill, box, upright) with box of box_type,\n"
"both named tuples built as tuple.__new__ builds them. Also each box's horizontal centre.\n"
"The arithmetic is the Python backend's, operation for operation.");

static PyObject *
new_tuple(PyTypeObject *type, Py_ssize_t size)
{
    /* A tuple subclass is allocated by its own type, as tuple.__new__ does for one. */
    return type->tp_alloc(type, size);
}

static PyObject *
straight_chars(PyObject *module, PyObject *args)
{
    PyTypeObject *char_type, *box_type;
    PyObject *text, *xs, *widths, *font, *fill, *upright;
    double shift, a, size, upper, lower;
    if (!PyArg_ParseTuple(args, "O!O!UO!O!dddddOOO", &PyType_Type, &char_type, &PyType_Type,
                          &box_type, &text, &PyList_Type, &xs, &PyList_Type, &widths, &shift,
                          &a, &size, &upper, &lower, &font, &fill, &upright)) {
        return NULL;
    }
    if (!PyType_IsSubtype(char_type, &PyTuple_Type) || !PyType_IsSubtype(box_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "char and box types must be tuple types");
        return NULL;
    }
    Py_ssize_t count = PyUnicode_GET_LENGTH(text);
    if (PyList_GET_SIZE(xs) != count || PyList_GET_SIZE(widths) != count) {
        PyErr_SetString(PyExc_ValueError, "one origin and one width per char");
        return NULL;
    }
    PyObject *chars = PyList_New(count);
    PyObject *mids = PyList_New(count);
    PyObject *top = PyFloat_FromDouble(upper);
    PyObject *bottom = PyFloat_FromDouble(lower);
    PyObject *height = PyFloat_FromDouble(lower - upper);
    if (!chars || !mids || !top || !bottom || !height) {
        goto fail;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        double x = PyFloat_AsDouble(PyList_GET_ITEM(xs, i));
        double w = PyFloat_AsDouble(PyList_GET_ITEM(widths, i));
        if (PyErr_Occurred()) {
            goto fail;
        }
        double x0 = x + shift;
        double x1 = (x + a * (w * size)) + shift;
        PyObject *box = new_tuple(box_type, 4);
        PyObject *glyph = PyUnicode_Substring(text, i, i + 1);
        PyObject *char_ = new_tuple(char_type, 6);
        PyObject *mid = PyFloat_FromDouble((x0 + x1) / 2);
        PyObject *left = PyFloat_FromDouble(x0);
        PyObject *right = PyFloat_FromDouble(x1);
        if (!box || !glyph || !char_ || !mid || !left || !right) {
            Py_XDECREF(box);
            Py_XDECREF(glyph);
            Py_XDECREF(char_);
            Py_XDECREF(mid);
            Py_XDECREF(left);
            Py_XDECREF(right);
            goto fail;
        }
        PyTuple_SET_ITEM(box, 0, left);
        Py_INCREF(top);
        PyTuple_SET_ITEM(box, 1, top);
        PyTuple_SET_ITEM(box, 2, right);
        Py_INCREF(bottom);
        PyTuple_SET_ITEM(box, 3, bottom);
        PyTuple_SET_ITEM(char_, 0, glyph);
        Py_INCREF(font);
        PyTuple_SET_ITEM(char_, 1, font);
        Py_INCREF(height);
        PyTuple_SET_ITEM(char_, 2, height);
        Py_INCREF(fill);
        PyTuple_SET_ITEM(char_, 3, fill);
        PyTuple_SET_ITEM(char_, 4, box);
        Py_INCREF(upright);
        PyTuple_SET_ITEM(char_, 5, upright);
        PyList_SET_ITEM(chars, i, char_);
        PyList_SET_ITEM(mids, i, mid);
    }
    Py_DECREF(top);
    Py_DECREF(bottom);
    Py_DECREF(height);
    return Py_BuildValue("(NN)", chars, mids);
fail:
    Py_XDECREF(chars);
    Py_XDECREF(mids);
    Py_XDECREF(top);
    Py_XDECREF(bottom);
    Py_XDECREF(height);
    return NULL;
}

static PyMethodDef methods[] = {
    {"read", read_chars, METH_VARARGS, read_doc},
    {"runs", read_runs, METH_VARARGS, runs_doc},
    {"objects", read_objects, METH_VARARGS, objects_doc},
    {"straight", straight_chars, METH_VARARGS, straight_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    "_pdfium_chars",
    "What PDFium knows of each char, text object and page object of a page, read in C loops;\n"
    "the chars of plain runs built.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__pdfium_chars(void)
{
    return PyModule_Create(&definition);
}
