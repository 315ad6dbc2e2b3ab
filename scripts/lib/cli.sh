# cli.sh: the scripts' one option and exit-code convention (sourced; expects $prog, the
# script's name, and a usage function printing its help).
#
# Exit codes: 0 success, 1 a runtime failure (die), 2 bad usage (usage_die: the message
# points to --help) or bad input such as a missing directory or a bad profile (bad_input),
# 130 interrupted. Options: every value option is accepted as "--name value" and as
# "--name=value"; a flag given twice, an unknown option, a missing or empty value and a value
# given to a switch are usage errors (a separate value starting with "--" counts as a
# forgotten value, as in mapbench's own flag parser); "-h"/"--help" prints the usage and
# exits 0; "--version" prints "NAME VERSION" (cli_version) and exits 0; "--" ends the options. Each message is one line on stderr, prefixed by the
# script's name.

# cli_version: prints "$prog 0.1.0 (git c48cb4c)", the version the programs print: the
# project version of meson.build's project() line and, in a git checkout, the short commit
# (as src/run/meson.build has the build take it: git rev-parse --short HEAD).
cli_version() {
  local top version commit
  top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  version=$(sed -n "s/^ *version: *'\([^']*\)'.*/\1/p" "$top/meson.build" | head -n 1)
  commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null) || commit=""
  echo "$prog ${version:-unknown}${commit:+ (git $commit)}"
}

die() {
  echo "$prog: $*" >&2
  exit 1
}

bad_input() {
  echo "$prog: $*" >&2
  exit 2
}

usage_die() {
  echo "$prog: $* (see scripts/$prog --help)" >&2
  exit 2
}

# cli_parse "SPEC" "$@": parses the options against SPEC, a space-separated list of
# "name=value" (an option with a value) and "name" (a switch). Sets opt_<name> (dashes as
# underscores) to the value, or to 1 for a switch given; leaves options not given unset.
# The arguments that are not options are left in the array cli_args, in order.
cli_parse() {
  local spec=" $1 " arg name value has_value var
  shift
  cli_args=()
  local seen=" "
  while (($#)); do
    arg=$1
    has_value=0
    case $arg in
      -h | --help) usage; exit 0 ;;
      --version) cli_version; exit 0 ;;
      --) shift; cli_args+=("$@"); break ;;
      --?*=*) name=${arg%%=*}; name=${name#--}; value=${arg#*=}; has_value=1 ;;
      --?*) name=${arg#--} ;;
      -?*) usage_die "unknown option '$arg'" ;;
      *) cli_args+=("$arg"); shift; continue ;;
    esac
    [[ $name =~ ^[a-z][a-z0-9-]*$ ]] || usage_die "unknown option '$arg'"
    var=opt_${name//-/_}
    if [[ $spec == *" $name=value "* ]]; then
      if ((!has_value)); then
        (($# >= 2)) && [[ $2 != --* ]] || usage_die "--$name needs a value"
        value=$2
        shift
      fi
      [[ -n $value ]] || usage_die "--$name needs a value"
    elif [[ $spec == *" $name "* ]]; then
      ((!has_value)) || usage_die "--$name takes no value"
      value=1
    else
      usage_die "unknown option '--$name'"
    fi
    [[ $seen != *" $name "* ]] || usage_die "--$name given twice"
    seen+="$name "
    printf -v "$var" '%s' "$value"
    shift
  done
}
