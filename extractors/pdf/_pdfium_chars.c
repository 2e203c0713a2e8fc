/* What PDFium knows of each char of a text page, read in one C loop.
 *
 * Called through ctypes, every PDFium function costs a Python-level foreign call, and a page has
 * thousands of chars. Here the per-char reads (the char's text object, its origin, whether PDFium
 * generated it, whether its font maps it to Unicode) run in a loop in C; the PDFium functions are
 * handed over as addresses by the Python backend, which keeps ownership of the library. Without
 * this module the backend makes the same calls through ctypes, with the same results.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef void *(*get_text_object_fn)(void *text_page, int index);
typedef int (*get_char_origin_fn)(void *text_page, int index, double *x, double *y);
typedef int (*is_generated_fn)(void *text_page, int index);
typedef int (*has_map_error_fn)(void *text_page, int index);

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

static PyMethodDef methods[] = {
    {"read", read_chars, METH_VARARGS, read_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef definition = {
    PyModuleDef_HEAD_INIT,
    "_pdfium_chars",
    "What PDFium knows of each char of a text page, read in one C loop.",
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit__pdfium_chars(void)
{
    return PyModule_Create(&definition);
}
