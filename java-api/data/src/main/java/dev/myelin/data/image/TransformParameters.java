package dev.myelin.data.image;

/**
 * The random draws of one augmentation, as Keras's {@code get_random_transform} dictionary.
 *
 * @param theta the rotation in degrees
 * @param tx the shift along the rows, in pixels
 * @param ty the shift along the columns, in pixels
 * @param shear the shear angle in degrees
 * @param zx the zoom along the rows
 * @param zy the zoom along the columns
 * @param flipHorizontal whether the columns are reversed
 * @param flipVertical whether the rows are reversed
 * @param channelShiftIntensity the value added to every channel, or null
 * @param brightness PIL's brightness factor, or null
 */
public record TransformParameters(
    double theta,
    double tx,
    double ty,
    double shear,
    double zx,
    double zy,
    boolean flipHorizontal,
    boolean flipVertical,
    Double channelShiftIntensity,
    Double brightness) {
  /** No transformation at all. */
  public static final TransformParameters IDENTITY =
      new TransformParameters(0, 0, 0, 0, 1, 1, false, false, null, null);
}
