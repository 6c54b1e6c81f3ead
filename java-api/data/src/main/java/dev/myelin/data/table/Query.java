package dev.myelin.data.table;

import java.util.ArrayList;
import java.util.List;

/**
 * A small parser for {@code df.query(...)} expressions: comparisons between a column and a literal,
 * combined with and/or/not (or &amp; | ~) and parentheses.
 */
final class Query {
  private final String text;
  private final DataFrame frame;
  private final List<String> tokens = new ArrayList<>();
  private int pos;

  Query(String text, DataFrame frame) {
    this.text = text;
    this.frame = frame;
    tokenize();
  }

  private IllegalArgumentException error(String problem) {
    return new IllegalArgumentException("query \"" + text + "\": " + problem);
  }

  private void tokenize() {
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '`' || c == '\'' || c == '"') {
        int end = text.indexOf(c, i + 1);
        if (end < 0) {
          throw error("unclosed " + c + " at " + i);
        }
        tokens.add(text.substring(i, end + 1));
        i = end + 1;
      } else if ("=!<>".indexOf(c) >= 0) {
        int len = i + 1 < text.length() && text.charAt(i + 1) == '=' ? 2 : 1;
        tokens.add(text.substring(i, i + len));
        i += len;
      } else if ("&|~()".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        int start = i;
        while (i < text.length()
            && (Character.isLetterOrDigit(text.charAt(i)) || "_.-+".indexOf(text.charAt(i)) >= 0)) {
          i++;
        }
        if (i == start) {
          throw error("unexpected '" + c + "' at " + i);
        }
        tokens.add(text.substring(start, i));
      }
    }
  }

  Series parse() {
    Series mask = or();
    if (pos != tokens.size()) {
      throw error("unexpected '" + tokens.get(pos) + "'");
    }
    return mask;
  }

  private String peek() {
    return pos < tokens.size() ? tokens.get(pos) : null;
  }

  private String next() {
    if (pos >= tokens.size()) {
      throw error("unexpected end");
    }
    return tokens.get(pos++);
  }

  private Series or() {
    Series left = and();
    while ("or".equals(peek()) || "|".equals(peek())) {
      pos++;
      left = left.or(and());
    }
    return left;
  }

  private Series and() {
    Series left = unary();
    while ("and".equals(peek()) || "&".equals(peek())) {
      pos++;
      left = left.and(unary());
    }
    return left;
  }

  private Series unary() {
    String t = peek();
    if ("not".equals(t) || "~".equals(t)) {
      pos++;
      return unary().not();
    }
    if ("(".equals(t)) {
      pos++;
      Series inner = or();
      if (!")".equals(next())) {
        throw error("expected ')'");
      }
      return inner;
    }
    String left = next();
    String op = peek();
    if (op == null || !List.of("==", "!=", "<", "<=", ">", ">=").contains(op)) {
      return column(left);
    }
    pos++;
    String right = next();
    if (isColumn(left)) {
      return compare(column(left), op, literal(right));
    }
    if (isColumn(right)) {
      return compare(column(right), flip(op), literal(left));
    }
    throw error("neither '" + left + "' nor '" + right + "' is a column of " + frame.columns());
  }

  private boolean isColumn(String token) {
    return token.startsWith("`") || frame.hasColumn(token);
  }

  private Series column(String token) {
    String name = token.startsWith("`") ? token.substring(1, token.length() - 1) : token;
    return frame.get(name);
  }

  private Object literal(String token) {
    if (token.startsWith("'") || token.startsWith("\"")) {
      return token.substring(1, token.length() - 1);
    }
    if (token.equals("True") || token.equals("False")) {
      return Boolean.valueOf(token.equals("True"));
    }
    try {
      return Double.parseDouble(token);
    } catch (NumberFormatException e) {
      throw error("'" + token + "' is neither a column of " + frame.columns() + " nor a literal");
    }
  }

  private static String flip(String op) {
    switch (op) {
      case "<":
        return ">";
      case ">":
        return "<";
      case "<=":
        return ">=";
      case ">=":
        return "<=";
      default:
        return op;
    }
  }

  private Series compare(Series column, String op, Object value) {
    switch (op) {
      case "==":
        return column.eq(value);
      case "!=":
        return column.ne(value);
      default:
        break;
    }
    if (!(value instanceof Double d)) {
      throw error("'" + op + "' needs a number, got '" + value + "'");
    }
    switch (op) {
      case "<":
        return column.lt(d);
      case "<=":
        return column.le(d);
      case ">":
        return column.gt(d);
      default:
        return column.ge(d);
    }
  }
}
