package dev.day2.hello;

/** What {@code GET /} answers; {@code time} is ISO-8601 with its offset. */
record Greeting(String message, String time) {
  String asText() {
    return message + ", the time is " + time;
  }
}
