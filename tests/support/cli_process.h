// The `onedoor` binary as an operator runs it, for tests: one command to completion, or `serve`
// as a child process talked to over HTTP on 127.0.0.1.
#pragma once

#include <sys/types.h>

#include <boost/beast/http.hpp>
#include <cstdio>
#include <map>
#include <string>

namespace onedoor::testing {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr together
};

// Runs `onedoor ARGS` through the shell and waits for it; stderr is dropped unless `with_stderr`.
CommandResult run(const std::string& args, bool with_stderr = true);

// `onedoor serve ARGS --port 0` as a child process: port() once it listens, or exitCode() and
// output() when it refused to start. `shell_prefix` runs before it in the same shell (ulimit, trap,
// `env X=Y` goes right before the binary: pass it as `env_prefix`). Stopped with SIGTERM when it goes
// out of scope.
class ServeProcess {
 public:
  explicit ServeProcess(const std::string& args, const std::string& shell_prefix = "", const std::string& env_prefix = "");
  ~ServeProcess();
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;
  uint16_t port() const { return port_; }
  int exitCode() const { return exit_code_; }
  const std::string& output() const { return output_; }
  // What the server wrote since it started listening (reads what is available, up to `wait_ms`).
  std::string laterOutput(int wait_ms = 200);

 private:
  pid_t pid_ = -1;
  FILE* out_ = nullptr;
  uint16_t port_ = 0;
  int exit_code_ = -1;
  std::string output_;
};

namespace bhttp = boost::beast::http;

// One request to 127.0.0.1:port; the response with its headers.
bhttp::response<bhttp::string_body> httpRequest(uint16_t port, bhttp::verb method, const std::string& target,
                                                const std::string& body = {},
                                                const std::map<std::string, std::string>& headers = {});

}  // namespace onedoor::testing
