package dev.myelin.data.table;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The book's data files load with the shapes and dtypes pandas gives, and chapter 2's printed
 * titanic figures come out. Expected statistics not printed in the book were computed with pandas
 * 3.1.1 on the same files.
 */
class BookDataTest {
  private static DataFrame titanic;

  @BeforeAll
  static void load() {
    titanic = Csv.read(BookFiles.file("titanic-train.csv"));
  }

  private static void close(double expected, double actual) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-9 + 1e-12);
  }

  @ParameterizedTest
  @CsvSource({
    "titanic-train.csv, 891, 12",
    "weight-height.csv, 10000, 3",
    "user_visit_duration.csv, 100, 2",
    "housing-data.csv, 47, 4",
    "HR_comma_sep.csv, 14999, 10",
    "iris.csv, 150, 5",
    "diabetes.csv, 768, 9",
    "banknotes.csv, 1372, 5",
    "wines.csv, 178, 14",
    "international-airline-passengers.csv, 144, 2",
    "movie_reviews.csv, 14072, 3",
    "sms_spam.csv, 5572, 2",
    "sports.csv, 3006, 3",
    "wifi_location.csv, 2000, 8"
  })
  void everyBookCsvLoadsWithPandasShape(String name, int rows, int columns) {
    DataFrame df = Csv.read(BookFiles.file(name));
    assertArrayEquals(new int[] {rows, columns}, df.shape(), name);
  }

  @Test
  void dtypesAreInferredAsPandasDoes() {
    assertEquals(
        List.of(
            DType.INT64,
            DType.INT64,
            DType.INT64,
            DType.OBJECT,
            DType.OBJECT,
            DType.FLOAT64,
            DType.INT64,
            DType.INT64,
            DType.OBJECT,
            DType.FLOAT64,
            DType.OBJECT,
            DType.OBJECT),
        List.copyOf(titanic.dtypes().values()));
    DataFrame wines = Csv.read(BookFiles.file("wines.csv"));
    assertEquals(DType.FLOAT64, wines.get("Nonflavanoid_phenols").dtype(), "'.28' is a float");
    assertEquals(0.28, wines.get("Nonflavanoid_phenols").getDouble(0), 0);
    DataFrame wh = Csv.read(BookFiles.file("weight-height.csv"));
    assertEquals(List.of("Gender", "Height", "Weight"), wh.columns(), "quoted header");
    assertEquals("Male", wh.get("Gender").get(0));
  }

  @Test
  void quotedNamesKeepTheirCommas() {
    assertEquals("Braund, Mr. Owen Harris", titanic.get("Name").get(0));
    assertEquals(titanic.get("Name").get(0), titanic.loc(0L, "Name"));
  }

  @Test
  void infoMatchesTheBook() {
    String info = titanic.info();
    assertTrue(
        info.startsWith(
            "<class 'pandas.core.frame.DataFrame'>\nRangeIndex: 891 entries, 0 to 890\n"
                + "Data columns (total 12 columns):\nPassengerId    891 non-null int64\n"),
        info);
    assertTrue(info.contains("Age            714 non-null float64\n"), info);
    assertTrue(info.contains("Cabin          204 non-null object\n"), info);
    assertTrue(info.contains("Embarked       889 non-null object\n"), info);
    assertTrue(
        info.endsWith("dtypes: float64(2), int64(5), object(5)\nmemory usage: 83.6+ KB\n"), info);
  }

  @Test
  void valueCountsMatchTheBook() {
    Series survived = titanic.get("Survived").valueCounts();
    assertEquals(List.of(0L, 1L), survived.index());
    assertEquals(List.of(549L, 342L), survived.toList());
    Series pclass = titanic.get("Pclass").valueCounts();
    assertEquals(List.of(3L, 1L, 2L), pclass.index());
    assertEquals(List.of(491L, 216L, 184L), pclass.toList());
  }

  @Test
  void ageStatisticsMatchTheBook() {
    Series age = titanic.get("Age");
    assertEquals(714, age.count());
    close(0.42, age.min());
    close(80.0, age.max());
    close(29.69911764705882, age.mean());
    close(28.0, age.median());
  }

  @Test
  void groupByAndPivotMatchTheBook() {
    Series counts = titanic.groupBy("Pclass", "Survived").count("PassengerId");
    assertEquals(List.of(80L, 136L, 97L, 87L, 372L, 119L), counts.toList());
    assertEquals(List.of(1L, 0L), counts.indexLabel(0));
    assertEquals(136L, counts.loc(List.of(1, 1)));

    DataFrame pivot = titanic.pivotTable("Pclass", "Survived", "PassengerId", Agg.COUNT);
    assertEquals(List.of("0", "1"), pivot.columns());
    assertEquals(List.of(1L, 2L, 3L), pivot.index());
    assertEquals(List.of(80L, 97L, 372L), pivot.get("0").toList());
    assertEquals(List.of(136L, 87L, 119L), pivot.get("1").toList());

    GroupBy bySurvived = titanic.groupBy("Survived");
    assertEquals(30.626179, bySurvived.mean("Age").locDouble(0), 5e-7);
    assertEquals(28.343690, bySurvived.mean("Age").locDouble(1), 5e-7);
    assertEquals(14.172110, bySurvived.std("Age").locDouble(0), 5e-7);
    assertEquals(14.950952, bySurvived.std("Age").locDouble(1), 5e-7);
  }

  @Test
  void mergeOfGroupedAgesGivesSuffixes() {
    GroupBy g = titanic.groupBy("Survived");
    DataFrame mean = g.agg(Map.of("Age", Agg.MEAN)).resetIndex();
    DataFrame std = g.agg(Map.of("Age", Agg.STD)).resetIndex();
    DataFrame merged = mean.merge(std, "Survived");
    assertEquals(List.of("Survived", "Age_x", "Age_y"), merged.columns());
    assertEquals(List.of(0L, 1L), merged.get("Survived").toList());
    assertEquals(14.950952, merged.get("Age_y").getDouble(1), 5e-7);
    DataFrame renamed = merged.withColumnNames("Survived", "Average Age", "Age Standard Deviation");
    assertEquals(30.626179, renamed.get("Average Age").getDouble(0), 5e-7);
  }

  @Test
  void correlationWithSurvivalMatchesTheBook() {
    DataFrame df = titanic.assign("IsFemale", titanic.get("Sex").eq("female"));
    Series corr = df.corr().get("Survived").sortValues();
    assertEquals(
        List.of("Pclass", "Age", "SibSp", "PassengerId", "Parch", "Fare", "IsFemale", "Survived"),
        corr.index());
    double[] printed = {
      -0.338481, -0.077221, -0.035322, -0.005007, 0.081629, 0.257307, 0.543351, 1
    };
    for (int i = 0; i < printed.length; i++) {
      assertEquals(printed[i], corr.getDouble(i), 5e-7, corr.index().get(i).toString());
    }
  }

  @Test
  void describeMatchesPandas() {
    DataFrame d = titanic.select("Age", "Fare", "SibSp").describe();
    assertEquals(List.of("count", "mean", "std", "min", "25%", "50%", "75%", "max"), d.index());
    double[] age = {714, 29.69911764705882, 14.526497332334042, 0.42, 20.125, 28.0, 38.0, 80.0};
    double[] fare = {
      891, 32.204207968574636, 49.6934285971809, 0.0, 7.9104, 14.4542, 31.0, 512.3292
    };
    double[] sibsp = {891, 0.5230078563411896, 1.1027434322934317, 0, 0, 0, 1, 8};
    for (int i = 0; i < 8; i++) {
      close(age[i], d.get("Age").getDouble(i));
      close(fare[i], d.get("Fare").getDouble(i));
      close(sibsp[i], d.get("SibSp").getDouble(i));
    }
    DataFrame housing = Csv.read(BookFiles.file("housing-data.csv")).describe();
    double[] age2 = {47, 42.744680851063826, 22.873440155994086, 5, 24.5, 44, 61.5, 79};
    double[] price = {
      47, 340412.6595744681, 125039.89958640099, 169900, 249900, 299900, 384450, 699900
    };
    for (int i = 0; i < 8; i++) {
      close(age2[i], housing.get("age").getDouble(i));
      close(price[i], housing.get("price").getDouble(i));
    }
    DataFrame wh = Csv.read(BookFiles.file("weight-height.csv")).describe();
    close(3.847528120773229, wh.get("Height").getDouble(2));
    close(63.505620481218955, wh.get("Height").getDouble(4));
    close(187.16952486868348, wh.get("Weight").getDouble(6));
    assertEquals(List.of("Height", "Weight"), wh.columns(), "object columns are left out");
  }

  @Test
  void bookSelectionsAndFilters() {
    assertEquals(
        List.of(97L, 117L, 494L, 631L, 852L),
        titanic.filter(titanic.get("Age").gt(70)).get("PassengerId").toList());
    assertEquals(5, titanic.query("Age > 70").length());
    assertEquals(
        titanic.filter(titanic.get("Age").gt(50).and(titanic.get("Sex").eq("male"))).length(),
        titanic.query("Age > 50 and Sex == 'male'").length());
    DataFrame sorted = titanic.sortValues("Age", false);
    assertEquals(80.0, sorted.get("Age").getDouble(0), 0);
    assertEquals(630L, sorted.index().get(0), "row labels travel with the rows");
    assertTrue(sorted.get("Age").isNull(890), "missing ages sort last");
    List<Object> embarked = titanic.get("Embarked").unique();
    assertEquals(4, embarked.size(), "unique() includes the missing value");
    assertEquals(3, titanic.get("Embarked").nUnique());
    assertEquals(List.of("Embarked", "Ticket"), titanic.select("Embarked", "Ticket").columns());
    assertEquals(
        List.of(1L, 0L, 3L),
        List.of(
            titanic.iloc(0).loc("PassengerId"),
            titanic.iloc(0).loc("Survived"),
            titanic.iloc(0).loc("Pclass")));
  }

  @Test
  void banknotesAndMovieReviewCounts() {
    Series cls = Csv.read(BookFiles.file("banknotes.csv")).get("class").valueCounts();
    assertEquals(List.of(762L, 610L), cls.toList());
    close(0.5553935860058309, (Long) cls.get(0) / 1372.0);
    DataFrame reviews = Csv.read(BookFiles.file("movie_reviews.csv"));
    Series fractions = reviews.get("vote").valueCounts(true);
    assertEquals(List.of("fresh", "rotten", "none"), fractions.index());
    assertEquals(0.612067, fractions.getDouble(0), 5e-7);
    assertEquals(0.386299, fractions.getDouble(1), 5e-7);
    assertEquals(0.001634, fractions.getDouble(2), 5e-7);
    DataFrame voted = reviews.filter(reviews.get("vote").ne("none"));
    assertEquals(14049, voted.length());
    assertEquals(0.613069, voted.get("vote").valueCounts(true).getDouble(0), 5e-7);
  }

  @Test
  void ontarioMixedDatesBecomeAnHourlyIndex() {
    DataFrame df = Csv.read(BookFiles.file("ZonalDemands_2003-2016.csv.bz2"));
    assertArrayEquals(new int[] {119856, 15}, df.shape());
    assertEquals(DType.OBJECT, df.get("diff").dtype(), "'1,032' is text without thousands=','");
    assertEquals("01-May-03", df.get("Date").get(0));
    assertEquals("2016/12/31", df.get("Date").get(df.length() - 1));
    Series when = df.get("Date").toDatetime().plus(df.get("Hour"), ChronoUnit.HOURS);
    assertEquals(LocalDateTime.of(2003, 5, 1, 1, 0), when.get(0));
    assertEquals(LocalDateTime.of(2017, 1, 1, 0, 0), when.get(df.length() - 1));
    DataFrame indexed = df.withIndex(when.rename("Date")).select("Total Ontario");
    LocalDateTime split = LocalDateTime.of(2014, 1, 1, 0, 0);
    DataFrame train = indexed.locRange(null, split);
    Series scaled = train.get("Total Ontario").sub(10000).div(5000);
    double[] printed = {0.7404, 0.7156, 0.6822, 0.7002, 0.8020};
    for (int i = 0; i < printed.length; i++) {
      assertEquals(printed[i], scaled.getDouble(i), 1e-12);
    }
    assertEquals(93551, train.length() - 1, "X_train = train_sc[:-1] has 93551 rows");

    DataFrame withThousands =
        Csv.options()
            .thousands(',')
            .parseDates("Date")
            .load(BookFiles.file("ZonalDemands_2003-2016.csv.bz2"));
    Series diff = withThousands.get("diff");
    assertEquals(DType.INT64, diff.dtype());
    assertEquals(List.of(1032L, 1637L), diff.tail(2).toList());
    close(-5768926, diff.sum());
    assertEquals(DType.DATETIME64, withThousands.get("Date").dtype());
  }

  @Test
  void poloniexJsonGzLoadsWithDates() {
    DataFrame btc = Json.read(BookFiles.file("poloniex_usdt_btc.json.gz"));
    assertArrayEquals(new int[] {52372, 8}, btc.shape());
    assertEquals(DType.DATETIME64, btc.get("date").dtype());
    assertEquals(LocalDateTime.of(2015, 2, 19, 19, 0), btc.get("date").get(0));
    close(9294.40603887, btc.get("close").getDouble(btc.length() - 1));
    assertEquals(DType.FLOAT64, btc.get("high").dtype());
  }

  @Test
  void getDummiesAndTensorConversions() {
    DataFrame wh = Csv.read(BookFiles.file("weight-height.csv"));
    DataFrame dummies = DataFrame.getDummies(wh.get("Gender"), "Gender");
    assertEquals(List.of("Gender_Female", "Gender_Male"), dummies.columns());
    assertEquals(List.of(0L, 1L), dummies.iloc(0).toList());
    DataFrame hr = Csv.read(BookFiles.file("HR_comma_sep.csv")).getDummies("sales", "salary");
    assertEquals(8 + 10 + 3, hr.columns().size());
    assertTrue(
        hr.columns()
            .containsAll(List.of("sales_IT", "salary_high", "salary_low", "salary_medium")));

    DataFrame iris = Csv.read(BookFiles.file("iris.csv"));
    FloatMatrix x = iris.drop("species").toFloatArray();
    assertArrayEquals(new long[] {150, 4}, x.shape());
    assertEquals(5.1f, x.get(0, 0));
    assertEquals(0.2f, x.get(0, 3));
    int[] y =
        iris.get("species").map(Map.of("setosa", 0, "versicolor", 1, "virginica", 2)).toIntLabels();
    assertEquals(0, y[0]);
    assertEquals(2, y[149]);
    assertArrayEquals(y, iris.toIntLabels("species"), "sorted class names give the same codes");
    double[][] hw = wh.toDoubleMatrix("Height", "Weight");
    assertEquals(241.893563180437, hw[0][1], 0);
  }
}
