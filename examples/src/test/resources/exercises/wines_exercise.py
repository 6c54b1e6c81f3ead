# Chapter 5, exercise 2, as the book's solution writes it (Keras 2.2).
import pandas as pd
import matplotlib.pyplot as plt
import keras.backend as K
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import RMSprop
from sklearn.preprocessing import StandardScaler

# ---- the exercise ----
df = pd.read_csv('../data/wines.csv')
y = df['Class']
y_cat = pd.get_dummies(y)
X = df.drop('Class', axis=1)
sc = StandardScaler()
Xsc = sc.fit_transform(X)
K.clear_session()
model = Sequential()
model.add(Dense(8, input_shape=(13,), kernel_initializer='he_normal', activation='tanh'))
model.add(Dense(5, kernel_initializer='he_normal', activation='tanh'))
model.add(Dense(2, kernel_initializer='he_normal', activation='tanh'))
model.add(Dense(3, activation='softmax'))
model.compile(RMSprop(lr=0.05), 'categorical_crossentropy', metrics=['accuracy'])
h = model.fit(Xsc, y_cat.values, batch_size=16, epochs=20, verbose=0)
model.summary()
inp = model.layers[0].input
out = model.layers[2].output
features_function = K.function([inp], [out])
features = features_function([Xsc])[0]
plt.scatter(features[:, 0], features[:, 1], c=y)
plt.savefig('features.png')
print("Final accuracy: {:0.3f}".format(h.history['acc'][-1]))
