# Chapter 3, exercise 2, as the book's solution writes it (Keras 2.2, scikit-learn 0.19 era).
import pandas as pd
from keras.models import Sequential
from keras.layers import Dense
from keras.optimizers import Adam
from keras.wrappers.scikit_learn import KerasClassifier
from sklearn.model_selection import train_test_split, KFold, cross_val_score
from sklearn.metrics import confusion_matrix, classification_report

# ---- the exercise ----
df = pd.read_csv('../data/HR_comma_sep.csv')
print(df.left.value_counts() / len(df))
df['average_montly_hours_100'] = df['average_montly_hours'] / 100.0
df_dummies = pd.get_dummies(df[['sales', 'salary']])
X = pd.concat([df[['satisfaction_level', 'last_evaluation', 'number_project',
                   'time_spend_company', 'Work_accident',
                   'promotion_last_5years', 'average_montly_hours_100']],
               df_dummies], axis=1).values
y = df['left'].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)


def build_logistic_regr():
    model = Sequential()
    model.add(Dense(1, input_dim=20, activation='sigmoid'))
    model.compile(Adam(lr=0.5), 'binary_crossentropy', metrics=['accuracy'])
    return model


model = build_logistic_regr()
model.fit(X_train, y_train)
y_test_pred = model.predict_classes(X_test)
cm = confusion_matrix(y_test, y_test_pred)
print(pd.DataFrame(cm, index=['Stay', 'Leave'], columns=['Predicted Stay', 'Predicted Leave']))
print(classification_report(y_test, y_test_pred))
model = KerasClassifier(build_fn=build_logistic_regr, epochs=10, verbose=0)
cv = KFold(5, shuffle=True)
scores = cross_val_score(model, X, y, cv=cv)
print("The cross validation accuracy is {:0.4f} ± {:0.4f}".format(scores.mean(), scores.std()))
