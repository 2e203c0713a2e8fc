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

/* The PDFium calls that read a path, set once by path_calls(). */
typedef int (*get_draw_mode_fn)(void *path, int *fill_mode, int *stroke);
typedef int (*get_colour_fn)(void *object, unsigned int *r, unsigned int *g, unsigned int *b,
                             unsigned int *a);
typedef int (*get_width_fn)(void *object, float *width);
typedef int (*count_segments_fn)(void *path);
typedef void *(*get_segment_fn)(void *path, int index);
typedef int (*segment_type_fn)(void *segment);
typedef int (*segment_point_fn)(void *segment, float *x, float *y);
typedef int (*segment_close_fn)(void *segment);

static struct {
    get_draw_mode_fn draw_mode;
    get_colour_fn stroke_colour;
    get_colour_fn fill_colour;
    get_width_fn stroke_width;
    count_segments_fn count_segments;
    get_segment_fn segment;
    segment_type_fn segment_type;
    segment_point_fn segment_point;
    segment_close_fn segment_close;
} path_fns;

PyDoc_STRVAR(path_calls_doc,
"path_calls(draw_mode, stroke_colour, fill_colour, stroke_width, count_segments, segment,\n"
"           segment_type, segment_point, segment_close) -> None\n\n"
"The addresses of the PDFium functions path() calls: FPDFPath_GetDrawMode,\n"
"FPDFPageObj_GetStrokeColor, FPDFPageObj_GetFillColor, FPDFPageObj_GetStrokeWidth,\n"
"FPDFPath_CountSegments, FPDFPath_GetPathSegment, FPDFPathSegment_GetType,\n"
"FPDFPathSegment_GetPoint, FPDFPathSegment_GetClose.");

static PyObject *
set_path_calls(PyObject *module, PyObject *args)
{
    unsigned long long f[9];
    if (!PyArg_ParseTuple(args, "KKKKKKKKK", f, f + 1, f + 2, f + 3, f + 4, f + 5, f + 6, f + 7,
                          f + 8)) {
        return NULL;
    }
    for (int i = 0; i < 9; i++) {
        if (!f[i]) {
            PyErr_SetString(PyExc_ValueError, "nine function addresses");
            return NULL;
        }
    }
    path_fns.draw_mode = (get_draw_mode_fn)(uintptr_t)f[0];
    path_fns.stroke_colour = (get_colour_fn)(uintptr_t)f[1];
    path_fns.fill_colour = (get_colour_fn)(uintptr_t)f[2];
    path_fns.stroke_width = (get_width_fn)(uintptr_t)f[3];
    path_fns.count_segments = (count_segments_fn)(uintptr_t)f[4];
    path_fns.segment = (get_segment_fn)(uintptr_t)f[5];
    path_fns.segment_type = (segment_type_fn)(uintptr_t)f[6];
    path_fns.segment_point = (segment_point_fn)(uintptr_t)f[7];
    path_fns.segment_close = (segment_close_fn)(uintptr_t)f[8];
    Py_RETURN_NONE;
}

/* A colour as (r / 255, g / 255, b / 255), or None where PDFium reads none. */
static PyObject *
read_colour(get_colour_fn get, void *object)
{
    unsigned int r = 0, g = 0, b = 0, a = 0;
    if (!get(object, &r, &g, &b, &a)) {
        Py_RETURN_NONE;
    }
    return Py_BuildValue("(ddd)", (double)r / 255.0, (double)g / 255.0, (double)b / 255.0);
}

/* The smallest box of points (min and max as Python's min() and max() take them: the first of
 * equal values), as (x0, top, x1, bottom). */
static void
points_bounds(const double *xs, const double *ys, Py_ssize_t count, double *box)
{
    double x0 = xs[0], x1 = xs[0], y0 = ys[0], y1 = ys[0];
    for (Py_ssize_t i = 1; i < count; i++) {
        if (xs[i] < x0) {
            x0 = xs[i];
        }
        if (xs[i] > x1) {
            x1 = xs[i];
        }
        if (ys[i] < y0) {
            y0 = ys[i];
        }
        if (ys[i] > y1) {
            y1 = ys[i];
        }
    }
    box[0] = x0;
    box[1] = y0;
    box[2] = x1;
    box[3] = y1;
}

enum { SHAPE_LINE = 0, SHAPE_RECT = 1, SHAPE_CURVE = 2 };

/* One painted subpath (pdfminer_rules.painted_shape): ops and its points in user space (us,
 * vs), in page space (xs, ys); appended to shapes as (kind, x0, top, x1, bottom, points), the
 * points (page space, as a tuple of pairs) only for a curve. */
static int
painted(PyObject *shapes, const char *ops, Py_ssize_t n, const double *us, const double *vs,
        const double *xs, const double *ys)
{
    if (n > 3 && ops[n - 2] == 'l' && ops[n - 1] == 'h' && us[n - 2] == us[0] &&
        vs[n - 2] == vs[0]) {
        /* "...lh" back to the start: the last line is the closing one. */
        n -= 1;
        char *shorter = (char *)ops; /* the caller's own buffer */
        shorter[n - 1] = 'h';
    }
    double box[4];
    int kind = SHAPE_CURVE;
    if ((n == 2 && ops[0] == 'm' && ops[1] == 'l') ||
        (n == 3 && ops[0] == 'm' && ops[1] == 'l' && ops[2] == 'h')) {
        kind = SHAPE_LINE;
        points_bounds(xs, ys, 2, box);
    }
    else if (n == 5 && ops[0] == 'm' && ops[1] == 'l' && ops[2] == 'l' && ops[3] == 'l' &&
             (ops[4] == 'h' || ops[4] == 'l')) {
        int closed = us[0] == us[4] && vs[0] == vs[4];
        int square = (us[0] == us[1] && vs[1] == vs[2] && us[2] == us[3] && vs[3] == vs[0]) ||
                     (vs[0] == vs[1] && us[1] == us[2] && vs[2] == vs[3] && us[3] == us[0]);
        if (closed && square) {
            double corner_x[2] = {xs[0], xs[2]}, corner_y[2] = {ys[0], ys[2]};
            kind = SHAPE_RECT;
            points_bounds(corner_x, corner_y, 2, box);
        }
    }
    PyObject *points = Py_None;
    Py_INCREF(points);
    if (kind == SHAPE_CURVE) {
        points_bounds(xs, ys, n, box);
        Py_DECREF(points);
        points = PyTuple_New(n);
        if (!points) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *point = Py_BuildValue("(dd)", xs[i], ys[i]);
            if (!point) {
                Py_DECREF(points);
                return -1;
            }
            PyTuple_SET_ITEM(points, i, point);
        }
    }
    PyObject *shape = Py_BuildValue("(iddddN)", kind, box[0], box[1], box[2], box[3], points);
    if (!shape) {
        return -1;
    }
    int failed = PyList_Append(shapes, shape);
    Py_DECREF(shape);
    return failed;
}

PyDoc_STRVAR(path_doc,
"path(path, a, b, c, d, e, f) -> () or (stroked, filled, stroke, fill, width, shapes) or None\n\n"
"What pdfminer paints of a path object (pdfium_paths.PageGraphics._path), its points taken to\n"
"page space by the matrix (a b c d e f): () where it paints nothing (no draw mode, or a\n"
"clipping path); else whether it is stroked and filled, its stroke and fill colours (None\n"
"where PDFium reads none), its stroke width in its own space, and each painted subpath as\n"
"(kind, x0, top, x1, bottom, points): kind 0 a line, 1 a rect, 2 a curve, whose points (page\n"
"space) come as a tuple of pairs (None for the others). None where a call of PDFium fails\n"
"whose failure the Python reading answers from what it read before (the Python code\n"
"decides). The subpaths are pdfminer_rules.subpaths'; the arithmetic is matrix.apply's.");

static PyObject *
read_path(PyObject *module, PyObject *args)
{
    unsigned long long address;
    double m[6];
    if (!PyArg_ParseTuple(args, "Kdddddd", &address, m, m + 1, m + 2, m + 3, m + 4, m + 5)) {
        return NULL;
    }
    if (!path_fns.draw_mode || !address) {
        PyErr_SetString(PyExc_ValueError, "a path, and path_calls() made");
        return NULL;
    }
    void *path = (void *)(uintptr_t)address;
    int fill_mode = 0, stroke = 0;
    if (!path_fns.draw_mode(path, &fill_mode, &stroke)) {
        return PyTuple_New(0);
    }
    int filled = fill_mode != 0, stroked = stroke != 0;
    if (!filled && !stroked) {
        return PyTuple_New(0);
    }
    float width = 0.0f;
    if (!path_fns.stroke_width(path, &width)) {
        Py_RETURN_NONE;
    }
    int count = path_fns.count_segments(path);
    Py_ssize_t size = count > 0 ? count : 1;
    /* Each segment gives at most one point, and a closing point after it. */
    char *ops = PyMem_Malloc(2 * size + 1);
    double *us = PyMem_Malloc(2 * size * sizeof(double));
    double *vs = PyMem_Malloc(2 * size * sizeof(double));
    double *xs = PyMem_Malloc(2 * size * sizeof(double));
    double *ys = PyMem_Malloc(2 * size * sizeof(double));
    PyObject *shapes = NULL, *stroke_colour = NULL, *fill_colour = NULL;
    int fell_back = 0;
    if (!ops || !us || !vs || !xs || !ys) {
        PyErr_NoMemory();
        goto done;
    }
    shapes = PyList_New(0);
    if (!shapes) {
        goto done;
    }
    /* The segments as pdfminer's m, l, c (a curve's three points kept as its end), cut into
     * subpaths at each m; a path that does not start with m paints nothing. */
    Py_ssize_t n = 0, subpaths = 0, first = 0;
    double start_u = 0.0, start_v = 0.0;
    int bezier = 0, any = 0;
    for (int index = 0; index < count; index++) {
        void *segment = path_fns.segment(path, index);
        int type = path_fns.segment_type(segment);
        char op;
        if (type == 1) { /* FPDF_SEGMENT_BEZIERTO */
            bezier += 1;
            if (bezier % 3) {
                continue;
            }
            op = 'c';
        }
        else if (type == 2) { /* FPDF_SEGMENT_MOVETO */
            bezier = 0;
            op = 'm';
        }
        else if (type == 0) { /* FPDF_SEGMENT_LINETO */
            bezier = 0;
            op = 'l';
        }
        else {
            continue;
        }
        float x = 0.0f, y = 0.0f;
        if (!path_fns.segment_point(segment, &x, &y)) {
            fell_back = 1;
            goto done;
        }
        int closes = path_fns.segment_close(segment) != 0;
        if (!any) {
            any = 1;
            if (op != 'm') {
                break; /* no subpath */
            }
        }
        if (op == 'm') {
            if (subpaths > 0) {
                /* The subpath before is complete; it is painted once the count is known. */
            }
            start_u = (double)x;
            start_v = (double)y;
            subpaths++;
        }
        ops[n] = op;
        us[n] = (double)x;
        vs[n] = (double)y;
        n++;
        if (closes) {
            ops[n] = 'h';
            us[n] = start_u;
            vs[n] = start_v;
            n++;
        }
    }
    (void)first;
    for (Py_ssize_t i = 0; i < n; i++) {
        xs[i] = m[0] * us[i] + m[2] * vs[i] + m[4];
        ys[i] = m[1] * us[i] + m[3] * vs[i] + m[5];
    }
    /* Each subpath runs from one m to the next; a bare m among several paints nothing. */
    for (Py_ssize_t begin = 0; begin < n;) {
        Py_ssize_t end = begin + 1;
        while (end < n && ops[end] != 'm') {
            end++;
        }
        if (end - begin > 1 || subpaths == 1) {
            if (painted(shapes, ops + begin, end - begin, us + begin, vs + begin, xs + begin,
                        ys + begin) < 0) {
                goto done;
            }
        }
        begin = end;
    }
    stroke_colour = read_colour(path_fns.stroke_colour, path);
    fill_colour = read_colour(path_fns.fill_colour, path);
done:
    PyMem_Free(ops);
    PyMem_Free(us);
    PyMem_Free(vs);
    PyMem_Free(xs);
    PyMem_Free(ys);
    if (PyErr_Occurred() || !stroke_colour || !fill_colour) {
        Py_XDECREF(shapes);
        Py_XDECREF(stroke_colour);
        Py_XDECREF(fill_colour);
        if (fell_back && !PyErr_Occurred()) {
            Py_RETURN_NONE;
        }
        return NULL;
    }
    return Py_BuildValue("(OONNdN)", stroked ? Py_True : Py_False, filled ? Py_True : Py_False,
                         stroke_colour, fill_colour, (double)width, shapes);
}

typedef int (*get_bounds_fn)(void *object, float *left, float *bottom, float *right, float *top);
typedef int (*get_object_matrix_fn)(void *object, matrix_t *matrix);

PyDoc_STRVAR(facts_doc,
"facts(objects, get_bounds, get_matrix, get_font_size, get_font, get_fill) -> [facts]\n\n"
"What the text objects at ``objects`` (native unsigned 64-bit addresses) are, one tuple each:\n"
"(bounded, left, bottom, right, top, matrix, font, size, filled, r, g, b) - whether PDFium\n"
"gives its bounds (FPDFPageObj_GetBounds) and them, its own matrix as a 6-tuple or None where\n"
"PDFium gives none (FPDFPageObj_GetMatrix), its font's address or 0 (FPDFTextObj_GetFont),\n"
"its font size or 0.0 where PDFium gives none (FPDFTextObj_GetFontSize), whether it has a\n"
"fill colour and the colour (FPDFPageObj_GetFillColor; 0, 0, 0 without).");

static PyObject *
object_facts(PyObject *module, PyObject *args)
{
    Py_buffer objects;
    unsigned long long bounds_fn, matrix_fn, size_fn, font_fn, fill_fn;
    if (!PyArg_ParseTuple(args, "y*KKKKK", &objects, &bounds_fn, &matrix_fn, &size_fn, &font_fn,
                          &fill_fn)) {
        return NULL;
    }
    if (!bounds_fn || !matrix_fn || !size_fn || !font_fn || !fill_fn || objects.len % 8) {
        PyBuffer_Release(&objects);
        PyErr_SetString(PyExc_ValueError, "text objects and five functions");
        return NULL;
    }
    const uint64_t *addresses = (const uint64_t *)objects.buf;
    Py_ssize_t count = objects.len / 8;
    PyObject *out = PyList_New(count);
    if (!out) {
        PyBuffer_Release(&objects);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        void *object = (void *)(uintptr_t)addresses[i];
        float left = 0.0f, bottom = 0.0f, right = 0.0f, top = 0.0f;
        int bounded = ((get_bounds_fn)(uintptr_t)bounds_fn)(object, &left, &bottom, &right, &top);
        matrix_t m = {0};
        PyObject *matrix;
        if (((get_object_matrix_fn)(uintptr_t)matrix_fn)(object, &m)) {
            matrix = Py_BuildValue("(dddddd)", (double)m.a, (double)m.b, (double)m.c,
                                   (double)m.d, (double)m.e, (double)m.f);
        }
        else {
            matrix = Py_None;
            Py_INCREF(matrix);
        }
        float size = 0.0f;
        ((get_font_size_fn)(uintptr_t)size_fn)(object, &size);
        void *font = ((get_font_fn)(uintptr_t)font_fn)(object);
        unsigned int r = 0, g = 0, b = 0, a = 0;
        int filled = ((get_fill_fn)(uintptr_t)fill_fn)(object, &r, &g, &b, &a) != 0;
        if (!filled) {
            r = g = b = 0;
        }
        PyObject *facts = matrix ? Py_BuildValue("(OddddNKdOIII)", bounded ? Py_True : Py_False,
                                                 (double)left, (double)bottom, (double)right,
                                                 (double)top, matrix,
                                                 (unsigned long long)(uintptr_t)font,
                                                 (double)size, filled ? Py_True : Py_False, r, g,
                                                 b)
                                 : NULL;
        if (!facts) {
            Py_DECREF(out);
            PyBuffer_Release(&objects);
            return NULL;
        }
        PyList_SET_ITEM(out, i, facts);
    }
    PyBuffer_Release(&objects);
    return out;
}

static PyMethodDef methods[] = {
    {"read", read_chars, METH_VARARGS, read_doc},
    {"runs", read_runs, METH_VARARGS, runs_doc},
    {"objects", read_objects, METH_VARARGS, objects_doc},
    {"straight", straight_chars, METH_VARARGS, straight_doc},
    {"path_calls", set_path_calls, METH_VARARGS, path_calls_doc},
    {"path", read_path, METH_VARARGS, path_doc},
    {"facts", object_facts, METH_VARARGS, facts_doc},
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
