"""``data_format="channels_first"`` as a keyword of the pooling, padding, cropping, upsampling,
spatial dropout, global pooling, Flatten and image preprocessing layers built from Python: each
layer computes Keras 3.15.1's (jax) output on channels-first arrays, and a channels-first CNN built
from Python predicts as the same model built in Keras with the same weights."""

import os

import numpy as np
import pytest

CF = "channels_first"


@pytest.fixture(scope="module")
def keras():
    os.environ.setdefault("KERAS_BACKEND", "jax")
    return pytest.importorskip("keras")


# (class name, positional arguments, keywords, channels-first input shape with the batch)
CASES = [
    ("MaxPooling1D", (2,), {"padding": "same"}, (2, 3, 7)),
    ("AveragePooling1D", (2,), {"strides": 1}, (2, 3, 6)),
    ("MaxPooling2D", ((2, 3),), {"strides": 1, "padding": "same"}, (2, 3, 5, 6)),
    ("AveragePooling2D", (2,), {}, (2, 3, 5, 6)),
    ("MaxPooling3D", (2,), {"padding": "same"}, (1, 2, 3, 4, 5)),
    ("AveragePooling3D", (2,), {}, (1, 2, 4, 4, 4)),
    ("GlobalMaxPooling1D", (), {}, (2, 3, 6)),
    ("GlobalAveragePooling1D", (), {"keepdims": True}, (2, 3, 6)),
    ("GlobalMaxPooling2D", (), {"keepdims": True}, (2, 3, 4, 5)),
    ("GlobalAveragePooling2D", (), {}, (2, 3, 4, 5)),
    ("GlobalMaxPooling3D", (), {}, (1, 2, 3, 3, 4)),
    ("GlobalAveragePooling3D", (), {"keepdims": True}, (1, 2, 3, 3, 4)),
    ("ZeroPadding1D", ((1, 2),), {}, (2, 3, 4)),
    ("ZeroPadding2D", (((1, 0), (2, 1)),), {}, (2, 3, 4, 5)),
    ("Cropping2D", (((1, 0), (2, 1)),), {}, (2, 3, 4, 5)),
    ("UpSampling2D", ((2, 3),), {}, (2, 3, 2, 3)),
    ("UpSampling2D", ((2, 3),), {"interpolation": "bilinear"}, (2, 3, 2, 3)),
    ("SpatialDropout2D", (0.4,), {}, (2, 3, 4, 5)),
    ("Flatten", (), {}, (2, 3, 4, 5)),
    ("Resizing", (4, 9), {"crop_to_aspect_ratio": True}, (2, 3, 5, 7)),
    ("Resizing", (9, 4), {"pad_to_aspect_ratio": True, "fill_value": 0.5}, (2, 3, 5, 7)),
    ("Resizing", (3, 4), {"antialias": True}, (2, 3, 5, 7)),
    ("Resizing", (7, 3), {"interpolation": "nearest"}, (2, 3, 5, 7)),
    ("CenterCrop", (3, 4), {}, (2, 3, 5, 7)),
    ("CenterCrop", (7, 9), {}, (2, 3, 5, 7)),
    ("RandomFlip", ("horizontal",), {"seed": 3}, (2, 3, 5, 7)),
    ("RandomRotation", (0.2,), {"fill_mode": "constant"}, (2, 3, 5, 7)),
    ("RandomZoom", (0.2,), {"width_factor": 0.3}, (2, 3, 5, 7)),
    ("RandomTranslation", (0.1, 0.2), {"fill_mode": "wrap"}, (2, 3, 5, 7)),
    ("RandomContrast", (0.5,), {"value_range": (0, 1)}, (2, 3, 5, 7)),
]


@pytest.mark.parametrize("name,args,kwargs,shape", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_channels_first_keyword_gives_kerass_output(myelin, keras, name, args, kwargs, shape):
    from myelin.keras import layers

    x = np.random.default_rng(len(shape) * 10 + len(args)).random(shape, dtype=np.float32)
    mine = getattr(layers, name)(*args, data_format=CF, **kwargs)
    theirs = getattr(keras.layers, name)(*args, data_format=CF, **kwargs)
    assert mine._java.getConfig().get("data_format") == CF
    got = mine(x)
    expected = np.asarray(theirs(x, training=False))
    assert got.shape == expected.shape, name
    np.testing.assert_allclose(got, expected, atol=1e-5, rtol=0, err_msg=name)
    # the default is channels_last, as Keras's with the default image_data_format
    default = getattr(layers, name)(*args, **kwargs)._java.getConfig().get("data_format")
    assert default == "channels_last"


def test_channels_first_cnn_from_python_predicts_as_keras(myelin, keras):
    from myelin.keras import Sequential, layers

    def model(L, *first):
        return [*first,
                L.Resizing(10, 12, data_format=CF),
                L.RandomFlip(data_format=CF),
                L.RandomRotation(0.1, data_format=CF),
                L.CenterCrop(9, 11, data_format=CF),
                L.ZeroPadding2D(((1, 0), (0, 1)), data_format=CF),
                L.Conv2D(4, 3, activation="relu", data_format=CF),
                L.MaxPooling2D(2, data_format=CF),
                L.Cropping2D(((1, 0), (0, 1)), data_format=CF),
                L.UpSampling2D((2, 1), data_format=CF),
                L.AveragePooling2D(2, strides=1, data_format=CF),
                L.SpatialDropout2D(0.3, data_format=CF),
                L.Flatten(data_format=CF),
                L.Dense(3, activation="softmax")]

    mine = Sequential(model(layers, layers.Rescaling(1 / 255.0, input_shape=(3, 12, 14))))
    theirs = keras.Sequential(model(keras.layers, keras.Input((3, 12, 14)),
                                    keras.layers.Rescaling(1 / 255.0)))
    assert mine.count_params() == theirs.count_params()
    assert [l.output_shape for l in mine.layers] == [
        tuple(l.output.shape) for l in theirs.layers]
    theirs.set_weights(mine.get_weights())
    x = (np.random.default_rng(4).random((5, 3, 12, 14)) * 255).astype(np.float32)
    np.testing.assert_allclose(mine.predict(x), theirs.predict(x, verbose=0), atol=1e-5, rtol=0)
    mine.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = mine.fit(x, np.arange(5, dtype=np.float32) % 3, epochs=2, batch_size=5, verbose=0)
    assert np.all(np.isfinite(history.history["loss"]))


def test_a_data_format_keras_does_not_know_is_refused_naming_it(myelin):
    from myelin.keras import layers

    with pytest.raises(myelin.MyelinValueError,
                       match="RandomZoom: argument 'data_format' expected .* but was \"NCHW\""):
        layers.RandomZoom(0.1, data_format="NCHW")
    with pytest.raises(TypeError, match="Unrecognized keyword arguments passed to Rescaling"):
        layers.Rescaling(0.5, data_format=CF)
