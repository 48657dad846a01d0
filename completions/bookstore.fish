# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_bookstore_global_optspecs
    string join \n gateway= profile= o/output= no-color q/quiet v/verbose h/help V/version
end

function __fish_bookstore_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_bookstore_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_bookstore_using_subcommand
    set -l cmd (__fish_bookstore_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c bookstore -n "__fish_bookstore_needs_command" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_needs_command" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_needs_command" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_needs_command" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_needs_command" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_needs_command" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_needs_command" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "auth" -d 'Register, log in and out, and see who you are'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "users" -d 'Look up and administer accounts (admin)'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "status" -d 'Show whether every service is up, through the gateway'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -f -a "register" -d 'Create a customer account and log in to it'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -f -a "login" -d 'Log in and remember the session in this profile'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -f -a "logout" -d 'End the session and forget its tokens'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -f -a "status" -d 'Show who this profile is logged in as (exit 3 when not logged in)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -f -a "token" -d 'Print the access token, refreshing it first when it has expired'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and not __fish_seen_subcommand_from register login logout status token help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -l email -d 'The account\'s email address (asked for on a terminal when left out)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -l name -d 'Your name as shown on orders (asked for on a terminal when left out)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from register" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -l email -d 'The account\'s email address [default: the profile\'s last one, asked for on a terminal]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from logout" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from token" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "register" -d 'Create a customer account and log in to it'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "login" -d 'Log in and remember the session in this profile'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "logout" -d 'End the session and forget its tokens'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show who this profile is logged in as (exit 3 when not logged in)'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "token" -d 'Print the access token, refreshing it first when it has expired'
complete -c bookstore -n "__fish_bookstore_using_subcommand auth; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -f -a "list" -d 'List accounts'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -f -a "show" -d 'Show one account'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -f -a "update" -d 'Rename an account, change its role, or disable or enable it'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and not __fish_seen_subcommand_from list show update help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l q -l query -d 'Only accounts whose email or name contains TEXT' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l role -d 'Only accounts with this role' -r -f -a "customer\t''
admin\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l limit -d 'Accounts per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l name -d 'The new name' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l role -d 'The new role' -r -f -a "customer\t''
admin\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l disable -d 'Stop the account from logging in or refreshing its tokens'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l enable -d 'Let a disabled account log in again'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "list" -d 'List accounts'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one account'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "update" -d 'Rename an account, change its role, or disable or enable it'
complete -c bookstore -n "__fish_bookstore_using_subcommand users; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand status" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand completions" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth users status completions help" -f -a "auth" -d 'Register, log in and out, and see who you are'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth users status completions help" -f -a "users" -d 'Look up and administer accounts (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth users status completions help" -f -a "status" -d 'Show whether every service is up, through the gateway'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth users status completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth users status completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "register" -d 'Create a customer account and log in to it'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Log in and remember the session in this profile'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'End the session and forget its tokens'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show who this profile is logged in as (exit 3 when not logged in)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "token" -d 'Print the access token, refreshing it first when it has expired'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "list" -d 'List accounts'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "show" -d 'Show one account'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "update" -d 'Rename an account, change its role, or disable or enable it'
