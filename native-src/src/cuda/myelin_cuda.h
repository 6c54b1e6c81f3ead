/* The CUDA engine's own entry points besides the core's C API (which dispatches the ops listed in
 * docs/gpu.md to it by the device of their inputs): functions whose CPU counterparts take no device
 * (random numbers) and the kernels not yet routed through the core. Each follows the core's
 * conventions: a new tensor (or MLN_OK), or NULL (-1) with mln_last_status/mln_last_error set. */
#ifndef MYELIN_CUDA_H
#define MYELIN_CUDA_H

#include <myelin/myelin.h>

#ifdef __cplusplus
extern "C" {
#endif

/** As mln_random_uniform (float32/float64), on cuda device `device`: the same numbers as the CPU
 * engine for the same seed and offset. */
mln_tensor* mln_cuda_random_uniform(int device, int dtype, int ndim, const int64_t* shape,
                                    double low, double high, uint64_t seed, uint64_t offset);
/** As mln_random_normal (float32/float64), on cuda device `device`: the CPU engine's numbers up to
 * the last bits of log/sin/cos. */
mln_tensor* mln_cuda_random_normal(int device, int dtype, int ndim, const int64_t* shape,
                                   double mean, double stddev, uint64_t seed, uint64_t offset);
/** As mln_unary_backward for NEG, EXP, LOG, SQRT, ABS, SQUARE, TANH, SIGMOID and RELU. */
mln_tensor* mln_cuda_unary_backward(int op, const mln_tensor* x, const mln_tensor* y,
                                    const mln_tensor* gy);
/** As mln_binary_backward for ADD, SUB, MUL and DIV (operands broadcast like numpy's; each
 * gradient is summed down to its operand's shape). */
int mln_cuda_binary_backward(int op, const mln_tensor* a, const mln_tensor* b,
                             const mln_tensor* gy, mln_tensor** ga, mln_tensor** gb);
/** SUM (op MLN_SUM) or MEAN (MLN_MEAN) over the last axis, shape x.shape[:-1]; a rank-0 or rank-1
 * x gives a scalar. */
mln_tensor* mln_cuda_reduce_last(int op, const mln_tensor* x);
/** As mln_softmax over the last axis (log != 0: log-softmax). */
mln_tensor* mln_cuda_softmax(const mln_tensor* x, int log);
/** As mln_categorical_crossentropy with MLN_CCE_LOGITS: each row's -sum t log_softmax(x). */
mln_tensor* mln_cuda_softmax_cross_entropy(const mln_tensor* t, const mln_tensor* x);
/** Its gradient w.r.t. the logits given dL/dout (x.shape[:-1]): gy * (sum(t) softmax(x) - t). */
mln_tensor* mln_cuda_softmax_cross_entropy_backward(const mln_tensor* t, const mln_tensor* x,
                                                    const mln_tensor* gy);
/** As mln_optimizer_update for MLN_OPT_SGD (with momentum and Nesterov) and MLN_OPT_ADAM (without
 * amsgrad), weight decay, gradient scaling and clipping included, in one kernel. */
int mln_cuda_optimizer_update(int kind, mln_tensor* var, const mln_tensor* grad,
                              mln_tensor* const* slots, int nslots, const double* hparams,
                              int nhparams, int64_t step);
/** Waits for the work queued on cuda device `device`; MLN_OK or -1. */
int mln_cuda_synchronize(int device);

#ifdef __cplusplus
}
#endif

#endif /* MYELIN_CUDA_H */
