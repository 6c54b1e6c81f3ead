package dev.myelin.applications;

import dev.myelin.layers.Conv2D;
import dev.myelin.layers.Dense;
import dev.myelin.layers.Flatten;
import dev.myelin.layers.KerasTensor;
import dev.myelin.layers.MaxPooling2D;
import dev.myelin.models.Model;

/** The VGG family: blocks of same-padded 3x3 relu convolutions, each closed by a 2x2 max pool. */
final class Vgg {
  private Vgg() {}

  static Model create(
      String app,
      String name,
      int[] convsPerBlock,
      ApplicationOptions o,
      Application.PublishedWeights published) {
    KerasTensor in = Application.input(app, o, 224, 32);
    KerasTensor x = in;
    long filters = 64;
    for (int b = 1; b <= convsPerBlock.length; b++) {
      for (int c = 1; c <= convsPerBlock[b - 1]; c++) {
        x =
            new Conv2D(filters, 3, 3)
                .activation("relu")
                .padding("same")
                .name("block" + b + "_conv" + c)
                .apply(x);
      }
      x = new MaxPooling2D(2, 2).strides(2, 2).name("block" + b + "_pool").apply(x);
      filters = Math.min(512, filters * 2);
    }
    if (o.includeTop()) {
      x = new Flatten().name("flatten").apply(x);
      x = new Dense(4096).activation("relu").name("fc1").apply(x);
      x = new Dense(4096).activation("relu").name("fc2").apply(x);
      x = Application.predictions(app, o, x);
    } else {
      x = Application.pooling(o, x, null, null);
    }
    return Application.finish(app, name, o, in, x, published);
  }
}
