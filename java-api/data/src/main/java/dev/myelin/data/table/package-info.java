/**
 * Tables with pandas semantics: {@link dev.myelin.data.table.DataFrame}, {@link
 * dev.myelin.data.table.Series}, group-by and pivot tables, and the {@link
 * dev.myelin.data.table.Csv} and {@link dev.myelin.data.table.Json} readers.
 *
 * <p>Columns are stored in DFLib series; the engine stays behind this facade so it can be swapped.
 * Statistics are computed here because pandas' rules differ from DFLib's: missing values (NaN) are
 * skipped, {@code std} is the sample deviation (ddof=1), quantiles interpolate linearly, groups are
 * sorted by key and {@code value_counts} by count.
 *
 * <p>The tensor core is not a dependency of this module: {@link
 * dev.myelin.data.table.DataFrame#toFloatArray} returns a row-major float32 block with its shape
 * ({@link dev.myelin.data.table.FloatMatrix}), {@link
 * dev.myelin.data.table.DataFrame#toDoubleMatrix} a {@code double[rows][columns]} and {@link
 * dev.myelin.data.table.DataFrame#toIntLabels} an {@code int[]}, the plain arrays the core's tensor
 * factory takes.
 */
package dev.myelin.data.table;
