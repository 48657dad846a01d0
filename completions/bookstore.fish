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
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "books" -d 'Browse and search the catalog; add, change and stock books (admin)'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "authors" -d 'Browse authors; add, change and delete them (admin)'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "genres" -d 'List genres; add and delete them (admin)'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "cart" -d 'See and change your cart'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "orders" -d 'Place, follow and cancel orders; ship them (admin)'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "payments" -d 'See payments and the providers the store takes; refund (admin)'
complete -c bookstore -n "__fish_bookstore_needs_command" -f -a "notifications" -d 'Read your notifications and follow them live; choose how you are told; send promotions and see deliveries (admin)'
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
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "list" -d 'List books, newest first, with filters'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "search" -d 'Search titles, subtitles, authors, ISBNs and descriptions, best match first'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "show" -d 'Show one book with its authors, genres, price, stock and version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "add" -d 'Add a book (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "update" -d 'Change a book\'s details (admin); a change someone else made meanwhile is not overwritten'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "delete" -d 'Delete a book (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "stock" -d 'Set the copies in stock, or adjust them by a signed amount (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "import" -d 'Add or update many books from a CSV or JSON Lines file, matched by ISBN (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "export" -d 'Write every book as CSV or JSON Lines, in the format `books import` reads'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and not __fish_seen_subcommand_from list search show add update delete stock import export help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l genre -d 'Only books in this genre, by its slug (see `bookstore genres list`)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l author -d 'Only books by this author, by id (see `bookstore authors list`)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l min-price -d 'Only books costing at least PRICE: 9.99, or 1500 JPY for a currency without cents' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l max-price -d 'Only books costing at most PRICE' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l language -d 'Only books in this language (ISO 639-1: en, de, ...)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l sort -d 'The order [default: relevance for a search, else newest]' -r -f -a "relevance\t''
title\t''
-title\t''
price\t''
-price\t''
newest\t''
oldest\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l limit -d 'Books per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l in-stock -d 'Only books with copies available now'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l genre -d 'Only books in this genre, by its slug (see `bookstore genres list`)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l author -d 'Only books by this author, by id (see `bookstore authors list`)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l min-price -d 'Only books costing at least PRICE: 9.99, or 1500 JPY for a currency without cents' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l max-price -d 'Only books costing at most PRICE' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l language -d 'Only books in this language (ISO 639-1: en, de, ...)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l sort -d 'The order [default: relevance for a search, else newest]' -r -f -a "relevance\t''
title\t''
-title\t''
price\t''
-price\t''
newest\t''
oldest\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l limit -d 'Books per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l in-stock -d 'Only books with copies available now'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from search" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l from-json -d 'Read the book from FILE (- for standard input) as JSON: {"isbn", "title", "price": {"amount": 1299, "currency": "EUR"}, "authors": [...], "genres": [...], "stock", ...}' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l title -d 'The title' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l isbn -d 'ISBN-13 or ISBN-10 (hyphens allowed), checked by its check digit' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l price -d 'The price as a decimal in the currency\'s units: 12.99' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l currency -d 'The price\'s currency: EUR, USD, GBP, JPY, ...' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l author -d 'An author\'s name, created when new; repeat for each author, in order' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l genre -d 'A genre\'s slug; repeat for each genre' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l subtitle -d 'The subtitle' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l description -d 'The description' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l language -d 'The language (ISO 639-1: en, de, ...)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l pages -d 'The number of pages' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l published -d 'The publication date, YYYY-MM-DD' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l publisher -d 'The publisher' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l stock -d 'Copies in stock [default: 0]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l title -d 'The title' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l isbn -d 'ISBN-13 or ISBN-10 (hyphens allowed), checked by its check digit' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l price -d 'The price as a decimal in the currency\'s units: 12.99' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l currency -d 'The price\'s currency: EUR, USD, GBP, JPY, ...' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l author -d 'An author\'s name, created when new; repeat for each author, in order' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l genre -d 'A genre\'s slug; repeat for each genre' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l subtitle -d 'The subtitle' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l description -d 'The description' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l language -d 'The language (ISO 639-1: en, de, ...)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l pages -d 'The number of pages' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l published -d 'The publication date, YYYY-MM-DD' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l publisher -d 'The publisher' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l expect-version -d 'Change the book only if it is still at this version (from `books show -o json`) [default: the version it has now]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-subtitle -d 'Remove the subtitle'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-description -d 'Remove the description'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-language -d 'Remove the language'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-pages -d 'Remove the number of pages'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-published -d 'Remove the publication date'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-publisher -d 'Remove the publisher'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l clear-genres -d 'Take the book out of every genre'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -l expect-version -d 'Delete the book only if it is still at this version [default: the version it has now]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -l adjust -d 'Add this many copies, or remove them when negative (refused below zero)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from stock" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l format -d 'The file\'s format [default: from its name; guessed from the content on standard input]' -r -f -a "csv\t'Comma-separated values with a header line'
jsonl\t'JSON Lines: one book object per line'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l batch-size -d 'How many books go in one request (at most 1000, and fewer when their details are long)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l concurrency -d 'How many requests of books are sent at once' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l dry-run -d 'Check every row and report the bad ones, sending nothing'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -l format -d 'The format [default: from the file\'s name, else csv]' -r -f -a "csv\t'Comma-separated values with a header line'
jsonl\t'JSON Lines: one book object per line'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "list" -d 'List books, newest first, with filters'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "search" -d 'Search titles, subtitles, authors, ISBNs and descriptions, best match first'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one book with its authors, genres, price, stock and version'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a book (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "update" -d 'Change a book\'s details (admin); a change someone else made meanwhile is not overwritten'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a book (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "stock" -d 'Set the copies in stock, or adjust them by a signed amount (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add or update many books from a CSV or JSON Lines file, matched by ISBN (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write every book as CSV or JSON Lines, in the format `books import` reads'
complete -c bookstore -n "__fish_bookstore_using_subcommand books; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -f -a "list" -d 'List authors by name'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -f -a "show" -d 'Show one author'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -f -a "add" -d 'Add an author (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -f -a "update" -d 'Rename an author or change the bio (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -f -a "delete" -d 'Delete an author no book names any more (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and not __fish_seen_subcommand_from list show add update delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l q -l query -d 'Only authors whose name contains TEXT' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l limit -d 'Authors per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -l name -d 'The author\'s name' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -l bio -d 'A short biography' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -l name -d 'The new name' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -l bio -d 'The new biography' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -l clear-bio -d 'Remove the biography'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from update" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from help" -f -a "list" -d 'List authors by name'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one author'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add an author (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from help" -f -a "update" -d 'Rename an author or change the bio (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete an author no book names any more (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand authors; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -f -a "list" -d 'List genres with their slugs, which the book filters take'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -f -a "add" -d 'Add a genre (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -f -a "delete" -d 'Delete a genre no book is in any more (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and not __fish_seen_subcommand_from list add delete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -l limit -d 'Genres per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -l name -d 'The genre\'s name: Science fiction' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -l slug -d 'The slug filters use [default: made from the name: science-fiction]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from delete" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from help" -f -a "list" -d 'List genres with their slugs, which the book filters take'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a genre (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from help" -f -a "delete" -d 'Delete a genre no book is in any more (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand genres; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -f -a "show" -d 'Show the cart, priced at the catalog\'s current prices'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -f -a "add" -d 'Put copies of a book in the cart, more of one that is already there'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -f -a "set" -d 'Set how many copies of a book the cart holds'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -f -a "remove" -d 'Take a book out of the cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -f -a "clear" -d 'Empty the cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and not __fish_seen_subcommand_from show add set remove clear help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from clear" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show the cart, priced at the catalog\'s current prices'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from help" -f -a "add" -d 'Put copies of a book in the cart, more of one that is already there'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from help" -f -a "set" -d 'Set how many copies of a book the cart holds'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Take a book out of the cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from help" -f -a "clear" -d 'Empty the cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand cart; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "place" -d 'Order books, from the command line or from the cart, and pay for them'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "list" -d 'List your orders, newest first (admins: everyone\'s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "show" -d 'Show one order with its items and status history'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "cancel" -d 'Cancel an order that has not shipped; a paid order is refunded'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "watch" -d 'Print each status change of an order until it gets where it is waited for'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "ship" -d 'Mark a confirmed order as shipped (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and not __fish_seen_subcommand_from place list show cancel watch ship help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l item -d 'A book and how many copies: its id or ISBN, then :QTY (1 if left out); repeat for each book' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l provider -d 'The payment provider (see `bookstore payments providers`)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l card -d 'A card number, for the sandbox provider (a test card)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l token -d 'The provider\'s payment-method token' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l name -d 'The recipient\'s name' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l line1 -d 'The street address' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l line2 -d 'A second address line (flat, floor)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l postal-code -d 'The postal code' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l city -d 'The city' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l country -d 'The country: two letters (ISO 3166-1), DE, GB, ...' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l address-json -d 'Read the address from FILE (- for standard input) as JSON: {"name", "line1", "line2", "postal_code", "city", "country"}' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l idempotency-key -d 'Place the order at most once however often the command is repeated with this key [default: a new key]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l timeout -d 'The longest --wait waits: 60s, 2m, ...' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l from-cart -d 'Order what the cart holds'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l save-address -d 'Remember this address in the profile for later orders'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l wait -d 'Wait until the payment has settled the order; exit non-zero unless it is confirmed'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from place" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l status -d 'Only orders in this status' -r -f -a "pending_payment\t''
confirmed\t''
shipped\t''
cancelled\t''
rejected\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l user -d 'Only this user\'s orders (admin)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l limit -d 'Orders per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l reason -d 'Why, for the order\'s history' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -l until -d 'The status to wait for [default: settled (not pending_payment) and confirmed]' -r -f -a "pending_payment\t''
confirmed\t''
shipped\t''
cancelled\t''
rejected\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -l timeout -d 'The longest to watch: 60s, 2m, ...' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from watch" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from ship" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "place" -d 'Order books, from the command line or from the cart, and pay for them'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your orders, newest first (admins: everyone\'s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one order with its items and status history'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel an order that has not shipped; a paid order is refunded'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "watch" -d 'Print each status change of an order until it gets where it is waited for'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "ship" -d 'Mark a confirmed order as shipped (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand orders; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -f -a "list" -d 'List your payments, newest first (admins: everyone\'s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -f -a "show" -d 'Show one payment'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -f -a "refund" -d 'Give a payment back in full (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -f -a "providers" -d 'List the payment providers the store takes, and what a token is for each'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and not __fish_seen_subcommand_from list show refund providers help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l order -d 'Only the payments of this order' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l status -d 'Only payments in this status' -r -f -a "pending\t''
succeeded\t''
failed\t''
refunded\t''
voided\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l limit -d 'Payments per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -l reason -d 'Why, for the payment log' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from refund" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from providers" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your payments, newest first (admins: everyone\'s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one payment'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "refund" -d 'Give a payment back in full (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "providers" -d 'List the payment providers the store takes, and what a token is for each'
complete -c bookstore -n "__fish_bookstore_using_subcommand payments; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "list" -d 'List your notifications, newest first'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "read" -d 'Mark a notification read, or all of them'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "watch" -d 'Print your notifications as they arrive, until interrupted'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "preferences" -d 'Show or change the channels you are told on, and the phone number for SMS'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "promote" -d 'Send a promotion to the readers who opted in to promotions (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "promotions" -d 'List promotions, or show one with how far it has come (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "deliveries" -d 'List messages on their way by email and SMS, newest first (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "retry" -d 'Try a failed delivery again (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and not __fish_seen_subcommand_from list read watch preferences promote promotions deliveries retry help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l limit -d 'Notifications per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l unread -d 'Only the notifications not read yet'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -l all -d 'Mark every unread notification read'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from read" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -l since -d 'First print the notifications after this number (seq), 0 for all of them' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -l retries -d 'Give up after this many failed attempts in a row to reach the stream' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from watch" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l phone -d 'The phone number text messages go to, in E.164 form (+4915112345678)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l account -d 'How you hear about your account' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l orders -d 'How you hear about your orders and payments' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l promotions -d 'How you hear about the store\'s offers (none unless you opt in)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l no-phone -d 'Forget the phone number (then no topic may use sms)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from preferences" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l subject -d 'One line, at most 200 characters' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l body -d 'The text, at most 10,000 characters' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l body-file -d 'Read the text from FILE (- for standard input)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l channel -d 'A channel to send it on; repeat for more [default: email and in_app; sms only where the store has an SMS provider]. Each reader gets those of them they chose for promotions' -r -f -a "email\t''
sms\t''
in_app\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l audience -d 'Who it is for (among those who opted in)' -r -f -a "all\t''
customers\t''
admins\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l idempotency-key -d 'Publish it at most once however often the command is repeated with this key [default: a new key]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l wait -d 'Follow it until every reader has their message, with a progress bar on a terminal'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promote" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -l limit -d 'Promotions per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from promotions" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l status -d 'Only deliveries in this status' -r -f -a "pending\t''
sent\t''
failed\t''
skipped\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l channel -d 'Only deliveries on this channel' -r -f -a "email\t''
sms\t''
in_app\t''"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l user -d 'Only this user\'s deliveries' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l promotion -d 'Only the deliveries of this promotion' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l limit -d 'Deliveries per page, 1 to 100 [default: the server\'s]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l cursor -d 'Start at this page (the cursor a previous page ended with)' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l all -d 'Fetch every page, not only the first'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from deliveries" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -l gateway -d 'The gateway\'s URL [default: the profile\'s gateway, else http://127.0.0.1:8080]' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -l profile -d 'The profile: a saved login and gateway' -r
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -s o -l output -d 'How to print data' -r -f -a "table\t'Columns for people, fitted to the terminal'
json\t'The API\'s JSON, with its stable field names'
yaml\t'The same fields as YAML'"
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -l no-color -d 'No colours (also when NO_COLOR is set)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -s q -l quiet -d 'Print no messages, only data and errors'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -s v -l verbose -d 'Print more: the gateway and profile in use, request ids of failures'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from retry" -s V -l version -d 'Print version'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "list" -d 'List your notifications, newest first'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "read" -d 'Mark a notification read, or all of them'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "watch" -d 'Print your notifications as they arrive, until interrupted'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "preferences" -d 'Show or change the channels you are told on, and the phone number for SMS'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "promote" -d 'Send a promotion to the readers who opted in to promotions (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "promotions" -d 'List promotions, or show one with how far it has come (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "deliveries" -d 'List messages on their way by email and SMS, newest first (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "retry" -d 'Try a failed delivery again (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand notifications; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
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
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "auth" -d 'Register, log in and out, and see who you are'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "books" -d 'Browse and search the catalog; add, change and stock books (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "authors" -d 'Browse authors; add, change and delete them (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "genres" -d 'List genres; add and delete them (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "cart" -d 'See and change your cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "orders" -d 'Place, follow and cancel orders; ship them (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "payments" -d 'See payments and the providers the store takes; refund (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "notifications" -d 'Read your notifications and follow them live; choose how you are told; send promotions and see deliveries (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "users" -d 'Look up and administer accounts (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "status" -d 'Show whether every service is up, through the gateway'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and not __fish_seen_subcommand_from auth books authors genres cart orders payments notifications users status completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "register" -d 'Create a customer account and log in to it'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "login" -d 'Log in and remember the session in this profile'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "logout" -d 'End the session and forget its tokens'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "status" -d 'Show who this profile is logged in as (exit 3 when not logged in)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from auth" -f -a "token" -d 'Print the access token, refreshing it first when it has expired'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "list" -d 'List books, newest first, with filters'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "search" -d 'Search titles, subtitles, authors, ISBNs and descriptions, best match first'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "show" -d 'Show one book with its authors, genres, price, stock and version'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "add" -d 'Add a book (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "update" -d 'Change a book\'s details (admin); a change someone else made meanwhile is not overwritten'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "delete" -d 'Delete a book (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "stock" -d 'Set the copies in stock, or adjust them by a signed amount (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "import" -d 'Add or update many books from a CSV or JSON Lines file, matched by ISBN (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from books" -f -a "export" -d 'Write every book as CSV or JSON Lines, in the format `books import` reads'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from authors" -f -a "list" -d 'List authors by name'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from authors" -f -a "show" -d 'Show one author'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from authors" -f -a "add" -d 'Add an author (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from authors" -f -a "update" -d 'Rename an author or change the bio (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from authors" -f -a "delete" -d 'Delete an author no book names any more (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from genres" -f -a "list" -d 'List genres with their slugs, which the book filters take'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from genres" -f -a "add" -d 'Add a genre (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from genres" -f -a "delete" -d 'Delete a genre no book is in any more (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from cart" -f -a "show" -d 'Show the cart, priced at the catalog\'s current prices'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from cart" -f -a "add" -d 'Put copies of a book in the cart, more of one that is already there'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from cart" -f -a "set" -d 'Set how many copies of a book the cart holds'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from cart" -f -a "remove" -d 'Take a book out of the cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from cart" -f -a "clear" -d 'Empty the cart'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "place" -d 'Order books, from the command line or from the cart, and pay for them'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "list" -d 'List your orders, newest first (admins: everyone\'s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "show" -d 'Show one order with its items and status history'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "cancel" -d 'Cancel an order that has not shipped; a paid order is refunded'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "watch" -d 'Print each status change of an order until it gets where it is waited for'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from orders" -f -a "ship" -d 'Mark a confirmed order as shipped (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "list" -d 'List your payments, newest first (admins: everyone\'s)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "show" -d 'Show one payment'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "refund" -d 'Give a payment back in full (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from payments" -f -a "providers" -d 'List the payment providers the store takes, and what a token is for each'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "list" -d 'List your notifications, newest first'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "read" -d 'Mark a notification read, or all of them'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "watch" -d 'Print your notifications as they arrive, until interrupted'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "preferences" -d 'Show or change the channels you are told on, and the phone number for SMS'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "promote" -d 'Send a promotion to the readers who opted in to promotions (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "promotions" -d 'List promotions, or show one with how far it has come (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "deliveries" -d 'List messages on their way by email and SMS, newest first (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from notifications" -f -a "retry" -d 'Try a failed delivery again (admin)'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "list" -d 'List accounts'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "show" -d 'Show one account'
complete -c bookstore -n "__fish_bookstore_using_subcommand help; and __fish_seen_subcommand_from users" -f -a "update" -d 'Rename an account, change its role, or disable or enable it'
