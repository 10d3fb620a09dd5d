# Reads one JSON document and prints one line per value it holds, so a shell script can check it without jq,
# python or node: PATH <US> TYPE <US> RAW <US> BYTES, where <US> is the ASCII unit separator (\037): unlike a tab,
# the shell does not merge it when a field is empty, and JSON text cannot contain it unescaped.
#   PATH   dotted path of the value ({"wifi": {"ssid": ...}} gives wifi.ssid; the root object has no line)
#   TYPE   object, array, string, number, bool or null
#   RAW    strings: the text between the quotes, escapes kept as written (so it can be written back as JSON);
#          arrays: the whole list as written; numbers, true, false, null: as written; objects: empty
#   BYTES  strings: their length in UTF-8 bytes once the escapes are decoded; 0 otherwise
# A syntax error prints one line "error <US> LINE <US> COLUMN <US> what is wrong" and exits with status 1.
# Portable awk (mawk, gawk, BSD awk); run it with LC_ALL=C so lengths count bytes.

BEGIN { US = "\037" }

{ text = text $0 "\n" }

END {
    n = length(text)
    pos = 1
    quiet = 0
    skip_space()
    if (pos > n) {
        fail("the file is empty; it must hold one JSON object")
    }
    read_value("")
    skip_space()
    if (pos <= n) {
        fail("unexpected text after the end of the JSON object")
    }
}

function fail(message,    line, column, i) {
    line = 1
    column = 1
    for (i = 1; i < pos && i <= n; i++) {
        if (substr(text, i, 1) == "\n") {
            line++
            column = 1
        } else {
            column++
        }
    }
    print "error" US line US column US message
    exit 1
}

function skip_space(    c) {
    while (pos <= n) {
        c = substr(text, pos, 1)
        if (c != " " && c != "\t" && c != "\n" && c != "\r") {
            break
        }
        pos++
    }
}

function emit(path, type, raw, bytes) {
    if (quiet > 0) {
        return
    }
    if (path in seen) {
        fail("the key \"" path "\" appears twice")
    }
    seen[path] = 1
    print path US type US raw US bytes
}

function read_value(path,    c, start) {
    skip_space()
    c = substr(text, pos, 1)
    if (c == "{") {
        read_object(path)
    } else if (c == "[") {
        start = pos
        read_array()
        emit(path, "array", substr(text, start, pos - start), 0)
    } else if (c == "\"") {
        read_string()
        emit(path, "string", token_raw, token_bytes)
    } else if (substr(text, pos, 4) == "true") {
        pos += 4
        emit(path, "bool", "true", 0)
    } else if (substr(text, pos, 5) == "false") {
        pos += 5
        emit(path, "bool", "false", 0)
    } else if (substr(text, pos, 4) == "null") {
        pos += 4
        emit(path, "null", "null", 0)
    } else if (c == "-" || (c >= "0" && c <= "9")) {
        read_number()
        emit(path, "number", token_raw, 0)
    } else if (pos > n) {
        fail("the file ends where a value was expected (a missing closing brace?)")
    } else {
        fail("expected a value (text in double quotes, a number, true, false, null, an object or a list), found '" c "'")
    }
}

function read_object(path,    key, c) {
    pos++
    if (path != "") {
        emit(path, "object", "", 0)
    }
    skip_space()
    if (substr(text, pos, 1) == "}") {
        pos++
        return
    }
    while (1) {
        skip_space()
        if (substr(text, pos, 1) != "\"") {
            fail("expected a key in double quotes (a trailing comma, or a key without quotes?)")
        }
        read_string()
        key = token_raw
        skip_space()
        if (substr(text, pos, 1) != ":") {
            fail("expected ':' after the key \"" key "\"")
        }
        pos++
        read_value(path == "" ? key : path "." key)
        skip_space()
        c = substr(text, pos, 1)
        if (c == ",") {
            pos++
        } else if (c == "}") {
            pos++
            return
        } else {
            fail("expected ',' or '}' after the value of \"" key "\" (a missing comma?)")
        }
    }
}

function read_array(    c) {
    pos++
    quiet++
    skip_space()
    if (substr(text, pos, 1) == "]") {
        pos++
        quiet--
        return
    }
    while (1) {
        read_value("")
        skip_space()
        c = substr(text, pos, 1)
        if (c == ",") {
            pos++
        } else if (c == "]") {
            pos++
            quiet--
            return
        } else {
            fail("expected ',' or ']' in a list")
        }
    }
}

# Sets token_raw (escapes kept) and token_bytes (UTF-8 length after decoding) for the string starting at pos.
function read_string(    start, c, hex, bytes) {
    pos++
    start = pos
    bytes = 0
    while (1) {
        if (pos > n) {
            fail("a string is not closed with a double quote")
        }
        c = substr(text, pos, 1)
        if (c == "\"") {
            break
        }
        if (c == "\n") {
            fail("a string runs to the end of the line (a missing closing quote?)")
        }
        if (c == "\\") {
            c = substr(text, pos + 1, 1)
            if (c == "u") {
                hex = substr(text, pos + 2, 4)
                if (hex !~ /^[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]$/) {
                    fail("\\u must be followed by four hex digits")
                }
                bytes += utf8_bytes(hex_value(hex))
                pos += 6
                continue
            }
            if (index("\"\\/bfnrt", c) == 0) {
                fail("unknown escape \\" c " in a string (write \\\\ for a backslash)")
            }
            bytes++
            pos += 2
            continue
        }
        if (c < " ") {
            fail("a control character in a string; write it as an escape such as \\t")
        }
        bytes++
        pos++
    }
    token_raw = substr(text, start, pos - start)
    token_bytes = bytes
    pos++
}

function read_number(    rest) {
    rest = substr(text, pos, 64)
    if (!match(rest, /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/)) {
        fail("a malformed number")
    }
    token_raw = substr(rest, 1, RLENGTH)
    pos += RLENGTH
}

function hex_value(hex,    i, value) {
    value = 0
    for (i = 1; i <= 4; i++) {
        value = value * 16 + index("0123456789abcdef", tolower(substr(hex, i, 1))) - 1
    }
    return value
}

# Bytes of one UTF-16 unit in UTF-8 (RFC 3629 §3); each half of a surrogate pair counts 2, which is exact for its 4 bytes.
function utf8_bytes(code) {
    if (code < 128) {
        return 1
    }
    if (code < 2048 || (code >= 55296 && code <= 57343)) {
        return 2
    }
    return 3
}
