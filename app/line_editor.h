// LineEditor: reads lines typed at a terminal, with line editing (emacs keys, ~/.editrc) and
// a history that persists in a file, through libedit (BSD-licensed).
//
// Owns its EditLine and History handles. Not thread-safe; one per terminal session.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.h"

struct editline;
struct history;

namespace lakeml::app {

class LineEditor {
 public:
  enum class ReadStatus { kLine, kInterrupted, kEndOfInput };

  // `history_path` empty: no persistent history. A missing history file is created on the
  // first save; its directory must exist.
  // REQUIRES: stdin is a terminal.
  static Result<std::unique_ptr<LineEditor>> Open(const char* program, std::string history_path);

  // Only Open() can make one (it needs the handles set up).
  struct PassKey {
   private:
    PassKey() = default;
    friend class LineEditor;
  };
  explicit LineEditor(PassKey) {}
  ~LineEditor();

  LineEditor(const LineEditor&) = delete;
  LineEditor& operator=(const LineEditor&) = delete;

  // Shows `prompt` and reads one line into `line` (without its '\n'). kInterrupted: a signal
  // (Ctrl-C) interrupted the read; the typed text is dropped. kEndOfInput: Ctrl-D on an empty
  // line, or stdin closed.
  ReadStatus ReadLine(std::string_view prompt, std::string* line);

  // Makes the ReadLine in progress (or the next one, if the signal comes just before it)
  // return kInterrupted. Async-signal-safe: call it from the SIGINT handler.
  static void NotifyInterrupt();

  // Adds an entry (one statement, possibly of several lines) to the history and saves it.
  void AddHistory(std::string_view entry);

 private:
  static char* PromptOf(editline* el);
  // libedit's read-character function: reads stdin with SIGINT blocked except inside ppoll, so
  // a Ctrl-C that lands between the check and the wait is not lost.
  static int GetChar(editline* el, wchar_t* out);

  editline* el_ = nullptr;
  history* history_ = nullptr;
  std::string prompt_;
  std::string history_path_;
};

}  // namespace lakeml::app
