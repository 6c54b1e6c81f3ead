# Chapter 4, exercise 1 (with exercise 2's model), as the book's solution writes it (Keras 2.2).
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
import seaborn as sns
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
from keras.utils import to_categorical
from sklearn.preprocessing import StandardScaler
from sklearn.model_selection import train_test_split
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix

# ---- the exercise ----
df = pd.read_csv('../data/diabetes.csv')
df.hist(figsize=(12, 10))
plt.savefig('hist.png')
plt.figure()
sns.heatmap(df.corr(), annot=True)
plt.savefig('corr.png')
sc = StandardScaler()
X = sc.fit_transform(df.drop('Outcome', axis=1))
y = df['Outcome'].values
y_cat = to_categorical(y)
X_train, X_test, y_train, y_test = train_test_split(X, y_cat, random_state=22, test_size=0.2)
model = Sequential()
model.add(Dense(32, input_shape=(8,), activation='relu'))
model.add(Dense(32, activation='relu'))
model.add(Dense(2, activation='softmax'))
model.compile(Adam(lr=0.05), loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(X_train, y_train, epochs=20, verbose=2, validation_split=0.1)
y_pred = model.predict(X_test)
y_test_class = np.argmax(y_test, axis=1)
y_pred_class = np.argmax(y_pred, axis=1)
print("Accuracy: {:0.3f}".format(accuracy_score(y_test_class, y_pred_class)))
print(classification_report(y_test_class, y_pred_class))
print(confusion_matrix(y_test_class, y_pred_class))
